import { classifyReport } from './classify-report';

const r = (sopInstanceUid: string, ...irradiationEventUids: string[]) => ({ sopInstanceUid, irradiationEventUids });

describe('classifyReport', () => {
  it('is a new study when nothing is stored', () => {
    expect(classifyReport(r('1', 'a'), [])).toEqual({ kind: 'new-study' });
  });

  it('is a duplicate when the SOP Instance UID is already stored', () => {
    expect(classifyReport(r('1', 'a', 'b'), [r('1', 'a')])).toEqual({ kind: 'duplicate', of: '1' });
  });

  it('replaces stored reports whose events it all contains (cumulative RDSR)', () => {
    expect(classifyReport(r('3', 'a', 'b', 'c'), [r('1', 'a'), r('2', 'b', 'c')])).toEqual({ kind: 'replaces', sopInstanceUids: ['1', '2'] });
  });

  it('replaces a stored report with exactly the same events under a new SOP Instance UID', () => {
    expect(classifyReport(r('2', 'a', 'b'), [r('1', 'a', 'b')])).toEqual({ kind: 'replaces', sopInstanceUids: ['1'] });
  });

  it('is superseded when a stored cumulative report already holds all its events (partial report arriving late)', () => {
    expect(classifyReport(r('1', 'a', 'b'), [r('2', 'a', 'b', 'c')])).toEqual({ kind: 'superseded', by: '2' });
  });

  it('is a continuation when it shares no event with any stored report', () => {
    expect(classifyReport(r('2', 'c', 'd'), [r('1', 'a', 'b')])).toEqual({ kind: 'continuation' });
  });

  it('is an overlap when it shares only part of a stored report', () => {
    expect(classifyReport(r('3', 'b', 'c'), [r('1', 'a', 'b'), r('2', 'x')])).toEqual({ kind: 'overlap', with: ['1'] });
  });

  it('is an overlap, not a replacement, when it covers one stored report but only part of another', () => {
    expect(classifyReport(r('3', 'a', 'b', 'c'), [r('1', 'a'), r('2', 'c', 'd')])).toEqual({ kind: 'overlap', with: ['2'] });
  });
});
