/**
 * Runs tasks of one key one after another (in this process). Events of one patient arrive on two topics
 * (study.parsed, skin-dose.calculated) and may be handled at once; a patient's cumulative rules must see
 * each study's figures in turn, or both handlers could each miss the other's study.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.catch(() => undefined).then(task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
