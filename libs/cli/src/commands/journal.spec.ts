import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from './journal';

describe('journal', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kerma-journal-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('remembers what an earlier run recorded, and ignores a line cut by a kill', () => {
    const path = join(dir, 'sub', 'j.jsonl');
    const first = new Journal<{ key: string; n: number }>(path);
    first.record({ key: 'a', n: 1 });
    first.record({ key: 'b', n: 2 });
    appendFileSync(path, '{"key":"c","n"');
    const second = new Journal<{ key: string; n: number }>(path);
    expect([second.has('a'), second.get('b'), second.has('c'), second.size]).toEqual([true, { key: 'b', n: 2 }, false, 2]);
  });
});
