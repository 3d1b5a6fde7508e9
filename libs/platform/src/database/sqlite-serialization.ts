import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

/** Grants one holder at a time, in the order they asked. A holder is any object (its identity is the token). */
class FifoMutex {
  private holder: object | null = null;
  private readonly waiting: { readonly token: object; readonly grant: () => void }[] = [];

  isHeldBy(token: object | undefined): boolean {
    return token !== undefined && this.holder === token;
  }

  async runExclusive<T>(token: object, work: () => Promise<T>): Promise<T> {
    if (this.holder === null) this.holder = token;
    else await new Promise<void>((grant) => this.waiting.push({ token, grant }));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      this.holder = next?.token ?? null;
      next?.grant();
    }
  }
}

/** The root manager's methods that open a transaction of their own: `transaction`, and those persisting through TypeORM's unit of work. */
const UNITS_OF_WORK = ['transaction', 'save', 'remove', 'softRemove', 'recover'] as const;

/**
 * Makes one SQLite DataSource run its transactions one at a time. TypeORM's better-sqlite3 driver gives every
 * caller the same connection and query runner, with nested transaction support: a second concurrent transaction
 * became a savepoint of the first (or failed to BEGIN), its rollback undid the other's work, and a statement of
 * any other caller issued meanwhile joined the open transaction and was rolled back with it.
 *
 * Here each transaction (and each save/remove, which TypeORM wraps in a transaction of its own) waits its turn and
 * runs with a token in an AsyncLocalStorage; while it holds the connection, statements carrying its token run at
 * once (its callback's manager, nested transactions as savepoints, and repositories of the same DataSource used
 * from inside the callback), any other statement waits until it ends. A task started inside the callback inherits
 * the token but counts as inside only while that transaction runs. Code inside a callback must not await work that
 * needs this DataSource from another flow: that work waits for the callback, which waits for it.
 *
 * Other DataSources (PostgreSQL: a pool, a connection per transaction) are returned untouched.
 */
export function serializeSqliteTransactions(dataSource: DataSource): DataSource {
  if (dataSource.options.type !== 'better-sqlite3') return dataSource;
  const mutex = new FifoMutex();
  const running = new AsyncLocalStorage<object>();
  const inside = () => mutex.isHeldBy(running.getStore());
  const exclusively = <T>(work: () => Promise<T>): Promise<T> => {
    if (inside()) return work();
    const token = {};
    return mutex.runExclusive(token, () => running.run(token, work));
  };

  const manager: EntityManager = dataSource.manager;
  for (const method of UNITS_OF_WORK) {
    const original = (manager[method] as (...args: unknown[]) => Promise<unknown>).bind(manager);
    Object.defineProperty(manager, method, { value: (...args: unknown[]) => exclusively(() => original(...args)), configurable: true, writable: true });
  }

  // The driver's one query runner, which `createQueryRunner()` hands to everyone; its own methods call `this.query`.
  const runner = dataSource.driver.createQueryRunner('master');
  const query = runner.query.bind(runner);
  runner.query = ((...args: Parameters<typeof query>) => (inside() ? query(...args) : mutex.runExclusive({}, () => query(...args)))) as typeof query;
  const startTransaction = runner.startTransaction.bind(runner);
  // A transaction begun elsewhere (a query runner's own startTransaction, a query builder's useTransaction) would
  // nest into whichever transaction runs: refused, rather than silently sharing its fate.
  runner.startTransaction = (...args: Parameters<typeof startTransaction>) => {
    if (!inside())
      return Promise.reject(new Error('SQLite transactions begin through the DataSource or its manager (transaction, save, remove), one at a time'));
    return startTransaction(...args);
  };
  return dataSource;
}
