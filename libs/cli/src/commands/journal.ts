import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * An append-only record of work done (one JSON object a line), so that a rerun of a long command
 * skips what an earlier, interrupted run finished. Each line is written as soon as its item is done;
 * a line cut by a kill is ignored on reading (that item is simply done again, which is harmless:
 * Kerma answers a re-sent object as a duplicate).
 */
export class Journal<Entry extends { readonly key: string }> {
  private readonly done = new Map<string, Entry>();

  constructor(readonly path: string) {
    if (!existsSync(path)) return;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const entry = parseLine<Entry>(line);
      if (entry) this.done.set(entry.key, entry);
    }
  }

  has(key: string): boolean {
    return this.done.has(key);
  }

  get(key: string): Entry | undefined {
    return this.done.get(key);
  }

  /** Entries in the order they were first recorded. */
  entries(): Entry[] {
    return [...this.done.values()];
  }

  get size(): number {
    return this.done.size;
  }

  record(entry: Entry): void {
    if (this.done.size === 0) mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`);
    this.done.set(entry.key, entry);
  }
}

function parseLine<Entry>(line: string): Entry | null {
  if (!line.trim()) return null;
  try {
    const parsed = JSON.parse(line) as { key?: unknown };
    return typeof parsed?.key === 'string' ? (parsed as Entry) : null;
  } catch {
    return null;
  }
}
