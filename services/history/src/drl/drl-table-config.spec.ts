import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DRL_TABLE, SHIPPED_DRL_TABLES } from '@kerma/dose-figures';
import { ConfigError } from '@kerma/platform';
import { drlTableFromEnv } from './drl-table-config';

describe('drlTableFromEnv (KERMA_DRL_TABLES, KERMA_DRL_TABLE_FILE)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kerma-drl-table-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const messageOf = (env: NodeJS.ProcessEnv) => {
    try {
      drlTableFromEnv(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    return '';
  };
  const fluoroscopy = SHIPPED_DRL_TABLES['ch-fluoroscopy-2007'];
  const local = { ...DEFAULT_DRL_TABLE, name: 'Local DRLs', levels: [{ ...DEFAULT_DRL_TABLE.levels[0], id: 'local-head-ctdivol' }] };

  it('is the shipped UK table when unset, and the file alone replaces it (as before KERMA_DRL_TABLES)', () => {
    expect(drlTableFromEnv({})).toBe(DEFAULT_DRL_TABLE);
    expect(drlTableFromEnv({ KERMA_DRL_TABLES: ' ' })).toBe(DEFAULT_DRL_TABLE);
    expect(drlTableFromEnv({ KERMA_DRL_TABLE_FILE: file('local.json', JSON.stringify(local)) })).toEqual(local);
  });

  it('compares with the shipped tables named, and with the file beside them when both are set', () => {
    expect(drlTableFromEnv({ KERMA_DRL_TABLES: 'ch-fluoroscopy-2007' })).toBe(fluoroscopy);
    const chosen = drlTableFromEnv({ KERMA_DRL_TABLES: ' uk-ndrl-adult-ct , ch-fluoroscopy-2007' });
    expect(chosen.name).toBe(`${DEFAULT_DRL_TABLE.name} + ${fluoroscopy.name}`);
    expect(chosen.levels.map((l) => l.id)).toEqual([...DEFAULT_DRL_TABLE.levels, ...fluoroscopy.levels].map((l) => l.id));
    expect(Object.keys(chosen.sources)).toEqual(['uk-ndrl', 'aroua-2007']);
    const withFile = drlTableFromEnv({ KERMA_DRL_TABLES: 'ch-fluoroscopy-2007', KERMA_DRL_TABLE_FILE: file('beside.json', JSON.stringify(local)) });
    expect(withFile.levels.map((l) => l.id)).toEqual([...fluoroscopy.levels.map((l) => l.id), 'local-head-ctdivol']);
  });

  it('stops the start naming the variable and the unknown name, listing the shipped ones', () => {
    expect(messageOf({ KERMA_DRL_TABLES: 'uk-ndrl-adult-ct,us-ncrp-172' })).toContain(
      'KERMA_DRL_TABLES: unknown table "us-ncrp-172" (shipped tables: uk-ndrl-adult-ct, ch-fluoroscopy-2007, eu-interventional-cardiology-2018, au-igip-2020, au-mdct-adult-2018)',
    );
    expect(messageOf({ KERMA_DRL_TABLES: 'au-igip-2020,au-igip-2020' })).toContain('KERMA_DRL_TABLES: table "au-igip-2020" is named twice');
    expect(messageOf({ KERMA_DRL_TABLES: 'au-igip-2020,,uk-ndrl-adult-ct' })).toContain('KERMA_DRL_TABLES: an empty name in "au-igip-2020,,uk-ndrl-adult-ct"');
  });

  it('names every problem at once: an unknown table and an unreadable file', () => {
    const message = messageOf({ KERMA_DRL_TABLES: 'uk', KERMA_DRL_TABLE_FILE: join(dir, 'absent.json') });
    expect(message).toContain('KERMA_DRL_TABLES: unknown table "uk"');
    expect(message).toContain('KERMA_DRL_TABLE_FILE: cannot read');
  });

  it('stops the start on a file that is not JSON, a level in the wrong unit, or a level id a chosen table has', () => {
    expect(messageOf({ KERMA_DRL_TABLE_FILE: file('bad.json', '{') })).toContain('KERMA_DRL_TABLE_FILE: cannot read');
    const wrongUnit = { ...DEFAULT_DRL_TABLE, levels: [{ ...DEFAULT_DRL_TABLE.levels[0], unit: 'Gy' }] };
    expect(messageOf({ KERMA_DRL_TABLE_FILE: file('unit.json', JSON.stringify(wrongUnit)) })).toContain('is in mGy, not Gy');
    const copy = file('copy.json', JSON.stringify({ ...local, levels: DEFAULT_DRL_TABLE.levels.slice(0, 1) }));
    expect(messageOf({ KERMA_DRL_TABLES: 'uk-ndrl-adult-ct', KERMA_DRL_TABLE_FILE: copy })).toContain(
      `KERMA_DRL_TABLES / KERMA_DRL_TABLE_FILE: DRL tables cannot be combined: level id uk-ct-head-ctdivol is in both uk-ndrl-adult-ct and ${copy}`,
    );
  });
});
