import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '@kerma/testing';
import { Progress } from './progress';
import {
  collectImportFiles,
  defaultImportJournal,
  formatCounts,
  formatOutcome,
  importUrl,
  outcomeOfStowResponse,
  outcomesOfStowResponse,
  retryAfterMs,
  runImport,
} from './import';

const storedBody = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['2.25.42'] }, ...extra }] } });

describe('kerma import', () => {
  describe('reading the STOW-RS answer of one file', () => {
    it("stored, and duplicate from Kerma's reason code", () => {
      expect(outcomeOfStowResponse(200, storedBody())).toEqual({ kind: 'stored', sopInstanceUid: '2.25.42', studyInstanceUid: null });
      expect(outcomeOfStowResponse(200, storedBody({ '0020000D': { vr: 'UI', Value: ['2.25.7'] } }))).toEqual({
        kind: 'stored',
        sopInstanceUid: '2.25.42',
        studyInstanceUid: '2.25.7',
      });
      expect(
        outcomeOfStowResponse(200, storedBody({ '00090010': { vr: 'LO', Value: ['KERMA 1.0'] }, '00091001': { vr: 'LO', Value: ['duplicate'] } })),
      ).toEqual({
        kind: 'duplicate',
        sopInstanceUid: '2.25.42',
        studyInstanceUid: null,
      });
    });

    it('refused with the reason code (0009,1001) and text (0009,1002)', () => {
      const body = JSON.stringify({
        '00081198': {
          vr: 'SQ',
          Value: [
            {
              '00081197': { vr: 'US', Value: [0x0122] },
              '00091001': { vr: 'LO', Value: ['not-a-dose-report'] },
              '00091002': { vr: 'LT', Value: ['not a radiation dose report: CT Image Storage'] },
            },
          ],
        },
      });
      expect(outcomeOfStowResponse(409, body)).toEqual({
        kind: 'refused',
        code: 'not-a-dose-report',
        message: 'not a radiation dose report: CT Image Storage',
      });
    });

    it('falls back to the standard Failure Reason, then to the HTTP status', () => {
      const standardOnly = JSON.stringify({ '00081198': { vr: 'SQ', Value: [{ '00081197': { vr: 'US', Value: [0xc000] } }] } });
      expect(outcomeOfStowResponse(409, standardOnly)).toEqual({ kind: 'refused', code: 'failure-reason-0xc000', message: '' });
      expect(outcomeOfStowResponse(413, JSON.stringify({ error: 'request body exceeds 10 bytes' }))).toEqual({
        kind: 'refused',
        code: 'http-413',
        message: 'request body exceeds 10 bytes',
      });
    });
  });

  describe('reading the STOW-RS answer of a batch', () => {
    const part = (n: number) => ({ '00090010': { vr: 'LO', Value: ['KERMA 1.0'] }, '00091004': { vr: 'IS', Value: [n] } });
    const uid = (u: string) => ({ '00081155': { vr: 'UI', Value: [u] } });

    it('gives each file the item of its part number (0009,1004), whichever sequence holds it and in whatever order', () => {
      const body = JSON.stringify({
        '00081199': {
          vr: 'SQ',
          Value: [
            { ...uid('2.25.3'), ...part(3) },
            { ...uid('2.25.1'), ...part(1), '00091001': { vr: 'LO', Value: ['duplicate'] } },
          ],
        },
        '00081198': { vr: 'SQ', Value: [{ '00081197': { vr: 'US', Value: [0xc000] }, ...part(2), '00091001': { vr: 'LO', Value: ['not-dicom'] } }] },
      });
      expect(outcomesOfStowResponse(202, body, 3)).toEqual([
        { kind: 'duplicate', sopInstanceUid: '2.25.1', studyInstanceUid: null },
        { kind: 'refused', code: 'not-dicom', message: '' },
        { kind: 'stored', sopInstanceUid: '2.25.3', studyInstanceUid: null },
      ]);
    });

    it('refuses every file of a request refused as a whole', () => {
      expect(outcomesOfStowResponse(415, JSON.stringify({ error: 'unsupported media type' }), 2)).toEqual([
        { kind: 'refused', code: 'http-415', message: 'unsupported media type' },
        { kind: 'refused', code: 'http-415', message: 'unsupported media type' },
      ]);
    });

    it('cannot tell the files apart without part numbers, or with a part missing or named twice', () => {
      const items = (...values: object[]) => JSON.stringify({ '00081199': { vr: 'SQ', Value: values } });
      expect(outcomesOfStowResponse(200, items(uid('2.25.1'), uid('2.25.2')), 2)).toBeNull();
      expect(outcomesOfStowResponse(200, items({ ...uid('2.25.1'), ...part(1) }), 2)).toBeNull();
      expect(outcomesOfStowResponse(200, items({ ...uid('2.25.1'), ...part(1) }, { ...uid('2.25.2'), ...part(1) }), 2)).toBeNull();
      expect(outcomesOfStowResponse(200, items({ ...uid('2.25.1'), ...part(1) }, { ...uid('2.25.2'), ...part(3) }), 2)).toBeNull();
    });
  });

  it('prints one aligned line per file and a count', () => {
    expect(formatOutcome('a.dcm', { kind: 'stored', sopInstanceUid: '2.25.1', studyInstanceUid: '2.25.9' })).toBe('stored     a.dcm  2.25.1  study 2.25.9');
    expect(formatOutcome('a.dcm', { kind: 'duplicate', sopInstanceUid: '2.25.1', studyInstanceUid: null })).toBe('duplicate  a.dcm  2.25.1');
    expect(formatOutcome('b.txt', { kind: 'refused', code: 'not-dicom', message: 'no DICM prefix' })).toBe('refused    b.txt  not-dicom: no DICM prefix');
    expect(formatOutcome('a.dcm', { kind: 'sent-before', sopInstanceUid: '2.25.1', studyInstanceUid: '2.25.9' })).toBe(
      'skipped    a.dcm  sent by an earlier run  2.25.1  study 2.25.9',
    );
    expect(formatCounts({ stored: 2, duplicate: 1, refused: 1, skipped: 0, sentBefore: 0, refusals: { 'not-dicom': 1 } })).toEqual([
      '4 files: 2 stored, 1 duplicate, 1 refused',
      '  refused ×1: not-dicom',
    ]);
    expect(formatCounts({ stored: 1, duplicate: 0, refused: 0, skipped: 1, sentBefore: 2, refusals: {} })).toEqual([
      '4 files: 1 stored, 0 duplicate, 0 refused, 1 skipped, 2 sent by an earlier run',
    ]);
    expect(
      formatCounts({ stored: 0, duplicate: 0, refused: 3, skipped: 0, sentBefore: 0, refusals: { 'not-dicom': 1, 'not-a-dose-report': 2 } }).slice(1),
    ).toEqual(['  refused ×2: not-a-dose-report', '  refused ×1: not-dicom']);
  });

  it('posts to the STOW-RS endpoint with source=import and the site', () => {
    expect(importUrl('http://kerma:3000', 'cath-lab-1')).toBe('http://kerma:3000/dicomweb/studies?site=cath-lab-1&source=import');
    expect(importUrl('https://dose.example.org/kerma/', undefined)).toBe('https://dose.example.org/kerma/dicomweb/studies?source=import');
  });

  it('keeps one journal per import command (paths, Kerma, site, recursion) in the user cache', () => {
    const journal = (site: string) => defaultImportJournal(['/archive/2019'], 'http://kerma:3000', site, true, { XDG_CACHE_HOME: '/c' });
    expect(journal('a')).toMatch(/^\/c\/kerma\/import-[0-9a-f]{16}\.jsonl$/);
    expect(journal('a')).toBe(journal('a'));
    expect(journal('a')).not.toBe(journal('b'));
  });

  describe('walking the archive', () => {
    const root = mkdtempSync(join(tmpdir(), 'kerma-import-walk-'));
    mkdirSync(join(root, 'sub', 'deeper'), { recursive: true });
    for (const file of ['b.dcm', 'a.dcm', 'sub/c.dcm', 'sub/deeper/d.dcm']) writeFileSync(join(root, file), 'x');

    it("takes a folder's own files in name order, sub-folders only with --recursive, each file once", () => {
      expect(collectImportFiles([root], false)).toEqual([join(root, 'a.dcm'), join(root, 'b.dcm')]);
      expect(collectImportFiles([root], true)).toEqual([
        join(root, 'a.dcm'),
        join(root, 'b.dcm'),
        join(root, 'sub', 'c.dcm'),
        join(root, 'sub', 'deeper', 'd.dcm'),
      ]);
      expect(collectImportFiles([join(root, 'sub', 'c.dcm'), join(root, 'sub')], false)).toEqual([join(root, 'sub', 'c.dcm')]);
    });

    it('names a path that does not exist', () => {
      expect(() => collectImportFiles([join(root, 'missing')], false)).toThrow(/cannot read .*missing: ENOENT/);
    });

    it('skips a DICOMDIR and stops with the network reason when Kerma cannot be reached', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'kerma-import-down-'));
      writeFileSync(join(folder, 'DICOMDIR'), 'index');
      writeFileSync(join(folder, 'report.dcm'), 'x');
      const lines: string[] = [];
      const url = `http://127.0.0.1:${await findFreePort()}`;
      await expect(
        runImport(
          [folder],
          { url, recursive: false, timeoutMs: 5_000 },
          (l) => lines.push(l),
          new Progress('import', 2, { isTTY: false, write: () => undefined }),
        ),
      ).rejects.toThrow(/import stopped at .*report\.dcm: fetch failed \(ECONNREFUSED\)/);
      expect(lines[0]).toMatch(/^skipped\s+.*DICOMDIR\s+DICOMDIR/);
      expect(lines[1]).toBe('1 file: 0 stored, 0 duplicate, 0 refused, 1 skipped');
    });
  });
});

describe('retryAfterMs', () => {
  it('waits the Retry-After seconds, 1 to 60, and 1 s without a usable header', () => {
    expect([retryAfterMs('7'), retryAfterMs('0'), retryAfterMs('3600'), retryAfterMs(null), retryAfterMs('soon')]).toEqual([7000, 1000, 60000, 1000, 1000]);
  });
});
