import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DRL_TABLE } from '@kerma/dose-figures';
import { ConfigError } from '@kerma/platform';
import { drlTableFromEnv } from './drl-table-config';

describe('drlTableFromEnv (KERMA_DRL_TABLE_FILE)', () => {
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

  it('is the shipped table when unset, and the file when set', () => {
    expect(drlTableFromEnv({})).toBe(DEFAULT_DRL_TABLE);
    const local = { ...DEFAULT_DRL_TABLE, name: 'Local DRLs', levels: DEFAULT_DRL_TABLE.levels.slice(0, 1) };
    expect(drlTableFromEnv({ KERMA_DRL_TABLE_FILE: file('local.json', JSON.stringify(local)) })).toEqual(local);
  });

  it('stops the start naming the variable: unreadable, not JSON, or a level in the wrong unit', () => {
    expect(messageOf({ KERMA_DRL_TABLE_FILE: join(dir, 'absent.json') })).toContain('KERMA_DRL_TABLE_FILE: cannot read');
    expect(messageOf({ KERMA_DRL_TABLE_FILE: file('bad.json', '{') })).toContain('KERMA_DRL_TABLE_FILE: cannot read');
    const wrongUnit = { ...DEFAULT_DRL_TABLE, levels: [{ ...DEFAULT_DRL_TABLE.levels[0], unit: 'Gy' }] };
    expect(messageOf({ KERMA_DRL_TABLE_FILE: file('unit.json', JSON.stringify(wrongUnit)) })).toContain('is in mGy, not Gy');
  });
});
