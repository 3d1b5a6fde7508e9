import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@kerma/platform';
import { parseDoseReport, type Procedure } from '@kerma/rdsr';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { ParsedReport } from '../persistence/parsed-report.entity';
import { StudyAssemblyService } from './study-assembly.service';

function procedureOf(seed: number, events: number): Procedure {
  const outcome = parseDoseReport(generateRdsr(procedureSpec({ seed, events })));
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.procedure;
}

describe('StudyAssemblyService: a reprocessed report', () => {
  let dir: string;
  let ds: DataSource;
  let studies: StudyAssemblyService;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kerma-parser-'));
    ds = new DataSource(dataSourceOptions({ service: 'parser', target: { kind: 'sqlite', path: join(dir, 'parser.sqlite') }, entities: [ParsedReport], migrations: [] }));
    await ds.initialize();
    studies = new StudyAssemblyService(ds.getRepository(ParsedReport));
  });
  afterAll(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is read anew and makes a new revision that is announced; a plain re-delivery stays an announced duplicate', async () => {
    const first = procedureOf(3101, 3);
    const uids = [first.study.sopInstanceUid];
    const added = await studies.add(first, 'site-a', '00000000-0000-4000-8000-000000000001');
    expect(added).toMatchObject({ relation: { kind: 'new-study' }, revision: 1, alreadyAnnounced: false });
    await studies.markAnnounced(uids);

    expect(await studies.add(first, 'site-a', '00000000-0000-4000-8000-000000000001')).toMatchObject({ relation: { kind: 'duplicate' }, revision: 1, alreadyAnnounced: true });

    const replaced = procedureOf(3101, 5); // same report UIDs, other content (e.g. replaced from quarantine)
    const reprocessed = await studies.add(replaced, 'site-a', '00000000-0000-4000-8000-000000000001', true);
    expect(reprocessed).toMatchObject({ revision: 2, alreadyAnnounced: false, sopInstanceUids: uids });
    expect(reprocessed.procedure.events).toHaveLength(5);
    await studies.markAnnounced(uids);

    expect(await studies.add(replaced, 'site-a', '00000000-0000-4000-8000-000000000001')).toMatchObject({ revision: 2, alreadyAnnounced: true });
    expect((await studies.add(replaced, 'site-a', '00000000-0000-4000-8000-000000000001', true)).revision).toBe(3);
  });
});
