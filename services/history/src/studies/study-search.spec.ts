import { BadRequestException } from '@nestjs/common';
import { boundSortKey, decodeCursor, encodeCursor, parseStudySearch } from './study-search';
import { overallStatus, studySortKey } from './study-listing';

const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    return (err as Error).message;
  }
  throw new Error('expected a 400');
};

describe('study list query', () => {
  it('defaults to every study, 50 per page', () => {
    expect(parseStudySearch({})).toEqual({
      site: undefined,
      kinds: null,
      fromSortKey: null,
      toSortKey: null,
      device: null,
      patientId: null,
      status: null,
      after: null,
      limit: 50,
    });
  });

  it('maps a modality to its kinds and intersects it with kind', () => {
    expect(parseStudySearch({ modality: 'cr' }).kinds).toEqual(['radiography']);
    expect(parseStudySearch({ modality: 'XA', kind: 'projection-xray' }).kinds).toEqual(['projection-xray']);
    expect(parseStudySearch({ modality: 'XA', kind: 'ct' }).kinds).toEqual([]);
  });

  it('refuses unknown, repeated and out-of-set parameters, naming them', () => {
    expect(message(() => parseStudySearch({ sort: 'asc' }))).toContain('"sort"');
    expect(message(() => parseStudySearch({ kind: ['ct', 'mammography'] }))).toContain('"kind"');
    expect(message(() => parseStudySearch({ modality: 'US' }))).toContain('modality must be one of CT, MG, DX, CR, PX, XA, RF');
    expect(message(() => parseStudySearch({ kind: 'nm' }))).toContain('kind must be one of');
    expect(message(() => parseStudySearch({ status: 'done' }))).toContain('status must be one of pending, complete, failed');
    expect(message(() => parseStudySearch({ limit: '0' }))).toContain('limit must be an integer from 1 to 500');
    expect(message(() => parseStudySearch({ limit: '2.5' }))).toContain('limit');
    expect(message(() => parseStudySearch({ from: '2026-13-01' }))).toContain('from must be a local date');
    expect(message(() => parseStudySearch({ to: '2026-03-01T10:00:00Z' }))).toContain('to must be a local date');
    expect(message(() => parseStudySearch({ from: '2026-03-02', to: '2026-03-01' }))).toContain('is after');
  });

  it('never repeats a patient id in an error', () => {
    const id = 'P'.repeat(65);
    expect(message(() => parseStudySearch({ patientId: id }))).not.toContain(id);
  });

  it('turns date bounds into sort keys covering the whole period left open', () => {
    expect(boundSortKey('from', '2026-03-01')).toBe('20260301000000000000');
    expect(boundSortKey('to', '2026-03-01')).toBe('20260301999999999999');
    expect(boundSortKey('to', '2026-03-01T10:15')).toBe('20260301101599999999');
    const inDay = studySortKey('2026-03-01T23:59:59.5');
    expect(inDay >= boundSortKey('from', '2026-03-01') && inDay <= boundSortKey('to', '2026-03-01')).toBe(true);
    expect(studySortKey('2026-03-02') > boundSortKey('to', '2026-03-01')).toBe(true);
  });

  it('issues opaque cursors and refuses any it did not issue', () => {
    const cursor = { sortKey: studySortKey('2026-03-01T10:00:00'), studyInstanceUid: '1.2.3.4' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(encodeCursor({ sortKey: '', studyInstanceUid: '1.2' }))).toEqual({ sortKey: '', studyInstanceUid: '1.2' });
    for (const bad of ['abc', Buffer.from('["x","1.2"]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
      expect(message(() => parseStudySearch({ cursor: bad }))).toContain('cursor is not one this endpoint issued');
    }
  });
});

describe('study listing columns', () => {
  it('orders study date-times as 20 digits, unknown ones as empty', () => {
    expect(studySortKey('2026-03-01T10:11:12.5')).toBe('20260301101112500000');
    expect(studySortKey('2026-03-01')).toBe('20260301000000000000');
    expect(studySortKey(null)).toBe('');
    expect(studySortKey('March 1st')).toBe('');
  });

  it('derives the overall status from the stages and the failures still standing', () => {
    const base = { receivedState: 'done' as const, parsedState: 'done' as const, skinDoseState: 'pending' as const, failures: [] };
    expect(overallStatus(base)).toBe('pending');
    expect(overallStatus({ ...base, skinDoseState: 'not-applicable' })).toBe('complete');
    expect(overallStatus({ ...base, skinDoseState: 'done' })).toBe('complete');
    expect(overallStatus({ ...base, parsedState: 'failed' })).toBe('failed');
    expect(overallStatus({ ...base, skinDoseState: 'done', failures: [{} as never] })).toBe('failed');
  });
});
