import { randomBytes } from 'crypto';
import { Client } from 'pg';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

export class InvalidDatabasePrefixError extends Error {
  constructor(readonly prefix: string) {
    super(`invalid test database prefix '${prefix}': expected 1-30 chars of [a-z0-9_], starting with a letter`);
    this.name = 'InvalidDatabasePrefixError';
  }
}

const PREFIX_PATTERN = /^[a-z][a-z0-9_]{0,29}$/;

/**
 * `<prefix>_<base36 time>_<hex random>`: unique across parallel runs, sortable by creation time
 * (handy when cleaning up after crashed runs) and within PostgreSQL's 63-byte identifier limit.
 */
export function testDatabaseName(prefix: string, now: Date, random: Buffer): string {
  if (!PREFIX_PATTERN.test(prefix)) throw new InvalidDatabasePrefixError(prefix);
  return `${prefix}_${now.getTime().toString(36)}_${random.toString('hex')}`;
}

/** The same server and credentials as `adminUrl`, pointing at another database. */
export function databaseUrl(adminUrl: string, databaseName: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

async function withAdminClient<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates a uniquely named empty database on the server of `adminUrl`; drop() removes it, even with open connections. */
export async function createTestDatabase(adminUrl: string, prefix: string): Promise<TestDatabase> {
  const name = testDatabaseName(prefix, new Date(), randomBytes(4));
  // The name is built from a validated prefix and hex digits only, so quoting it as an identifier is safe.
  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: databaseUrl(adminUrl, name),
    drop: async () => {
      await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
