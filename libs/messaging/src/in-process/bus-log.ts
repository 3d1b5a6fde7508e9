import type { Database } from 'better-sqlite3';
import type { IncomingMessage } from '../delivery';

export interface StoredMessage {
  /** Global append order; a consumer group's acknowledgements refer to it. */
  readonly seq: number;
  readonly key: string | null;
  readonly incoming: IncomingMessage;
}

export interface BusAppend {
  readonly topic: string;
  readonly key: string | null;
  readonly value: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface BusLog {
  append(topic: string, key: string | null, value: string, headers?: Readonly<Record<string, string>>): StoredMessage;
  /** Appends the messages in order in one transaction: one fsync for all of them. */
  appendAll(messages: readonly BusAppend[]): StoredMessage[];
  /** Registers the group on the topic (first time: every message still kept becomes pending for it) and returns its pending messages in order. */
  join(topic: string, group: string): StoredMessage[];
  markDone(group: string, seq: number): void;
  pendingCount(group?: string): number;
  /** Every consumer group known to the bus with its unfinished messages (0 included). */
  pendingByGroup(): { group: string; pending: number }[];
  /** Throws when the file cannot be read (closed, unreadable). */
  ping(): void;
  close(): void;
}

interface MessageRow {
  seq: number;
  topic: string;
  topic_offset: number;
  key: string | null;
  value: string;
  headers: string | null;
}

/**
 * Topic logs and consumer-group acknowledgements in one SQLite file. A message is appended together
 * with one pending row per consumer group known for its topic, in one transaction; a group's
 * acknowledgement deletes its row, and a message no group still needs is deleted with it, so the file
 * holds only work in flight. Dead-letter topics are the exception: their messages are kept, as the
 * record of what failed and the material a replay needs.
 *
 * WAL; an append commits with synchronous=FULL (fsynced before `publish` resolves), so an accepted
 * report survives a power cut, not only a killed process. Acknowledgements commit with NORMAL: the
 * WAL is sequential, so the next append's fsync persists them too, and one lost in a power cut only
 * means a redelivery, which every consumer absorbs. This halves the fsyncs per message.
 */
export function openBusLog(db: Database): BusLog {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS bus_topic (topic TEXT PRIMARY KEY, next_offset INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS bus_message (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      topic TEXT NOT NULL,
      topic_offset INTEGER NOT NULL,
      key TEXT,
      value TEXT NOT NULL,
      published_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS bus_message_topic ON bus_message (topic, seq);
    CREATE TABLE IF NOT EXISTS bus_subscription (topic TEXT NOT NULL, group_name TEXT NOT NULL, joined_at TEXT NOT NULL, PRIMARY KEY (topic, group_name));
    CREATE TABLE IF NOT EXISTS bus_pending (group_name TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (group_name, seq)) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS bus_pending_seq ON bus_pending (seq);
  `);
  // Message headers (trace context) came later: a bus file written before them gains the column.
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(bus_message)').all();
  if (!columns.some((c) => c.name === 'headers')) db.exec('ALTER TABLE bus_message ADD COLUMN headers TEXT');

  const nextOffset = db.prepare<[string], { next_offset: number }>('SELECT next_offset FROM bus_topic WHERE topic = ?');
  const setOffset = db.prepare('INSERT INTO bus_topic (topic, next_offset) VALUES (?, ?) ON CONFLICT (topic) DO UPDATE SET next_offset = excluded.next_offset');
  const insertMessage = db.prepare('INSERT INTO bus_message (topic, topic_offset, key, value, headers, published_at) VALUES (?, ?, ?, ?, ?, ?)');
  const fanOut = db.prepare('INSERT INTO bus_pending (group_name, seq) SELECT group_name, ? FROM bus_subscription WHERE topic = ?');
  const isSubscribed = db.prepare<[string, string], { n: number }>('SELECT 1 AS n FROM bus_subscription WHERE topic = ? AND group_name = ?');
  const addSubscription = db.prepare('INSERT INTO bus_subscription (topic, group_name, joined_at) VALUES (?, ?, ?)');
  const backfill = db.prepare('INSERT OR IGNORE INTO bus_pending (group_name, seq) SELECT ?, seq FROM bus_message WHERE topic = ?');
  const pendingOf = db.prepare<[string, string], MessageRow>(
    'SELECT m.seq, m.topic, m.topic_offset, m.key, m.value, m.headers FROM bus_pending p JOIN bus_message m ON m.seq = p.seq WHERE p.group_name = ? AND m.topic = ? ORDER BY m.seq',
  );
  const deletePending = db.prepare('DELETE FROM bus_pending WHERE group_name = ? AND seq = ?');
  const deleteFinished = db.prepare(
    "DELETE FROM bus_message WHERE seq = ? AND topic NOT LIKE '%.dlq' AND NOT EXISTS (SELECT 1 FROM bus_pending WHERE seq = ?)",
  );
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM bus_pending');
  const countGroup = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM bus_pending WHERE group_name = ?');
  const countByGroup = db.prepare<[], { group: string; pending: number }>(
    'SELECT g.group_name AS "group", (SELECT count(*) FROM bus_pending p WHERE p.group_name = g.group_name) AS pending FROM (SELECT DISTINCT group_name FROM bus_subscription) g ORDER BY g.group_name',
  );
  const selectOne = db.prepare('SELECT 1');

  const appendInTransaction = db.transaction((topic: string, key: string | null, value: string, headers: string | null): StoredMessage => {
    const offset = nextOffset.get(topic)?.next_offset ?? 0;
    setOffset.run(topic, offset + 1);
    const seq = Number(insertMessage.run(topic, offset, key, value, headers, new Date().toISOString()).lastInsertRowid);
    fanOut.run(seq, topic);
    return stored({ seq, topic, topic_offset: offset, key, value, headers });
  });

  const headersText = (headers?: Readonly<Record<string, string>>): string | null =>
    headers && Object.keys(headers).length > 0 ? JSON.stringify(headers) : null;
  const appendAllInTransaction = db.transaction((messages: readonly BusAppend[]): StoredMessage[] =>
    messages.map((m) => appendInTransaction(m.topic, m.key, m.value, headersText(m.headers))),
  );
  const durably = <R>(work: () => R): R => {
    db.pragma('synchronous = FULL');
    try {
      return work();
    } finally {
      db.pragma('synchronous = NORMAL');
    }
  };
  const append = (topic: string, key: string | null, value: string, headers?: Readonly<Record<string, string>>): StoredMessage =>
    durably(() => appendInTransaction(topic, key, value, headersText(headers)));
  const appendAll = (messages: readonly BusAppend[]): StoredMessage[] => durably(() => appendAllInTransaction(messages));

  const join = db.transaction((topic: string, group: string): StoredMessage[] => {
    if (!isSubscribed.get(topic, group)) {
      addSubscription.run(topic, group, new Date().toISOString());
      backfill.run(group, topic);
    }
    return pendingOf.all(group, topic).map(stored);
  });

  const markDone = db.transaction((group: string, seq: number): void => {
    deletePending.run(group, seq);
    deleteFinished.run(seq, seq);
  });

  return {
    append,
    appendAll,
    join,
    markDone,
    pendingCount: (group) => (group === undefined ? countAll.get()!.n : countGroup.get(group)!.n),
    pendingByGroup: () => countByGroup.all(),
    ping: () => void selectOne.get(),
    close: () => db.close(),
  };
}

function stored(row: MessageRow): StoredMessage {
  return {
    seq: row.seq,
    key: row.key,
    incoming: {
      topic: row.topic,
      partition: 0,
      offset: String(row.topic_offset),
      key: row.key,
      value: row.value,
      ...(row.headers ? { headers: JSON.parse(row.headers) as Record<string, string> } : {}),
    },
  };
}
