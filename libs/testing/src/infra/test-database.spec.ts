import { databaseUrl, InvalidDatabasePrefixError, testDatabaseName } from './test-database';

describe('testDatabaseName', () => {
  const createdAt = new Date('2026-01-02T03:04:05.678Z');

  it('joins prefix, base-36 creation time and hex randomness', () => {
    expect(testDatabaseName('history', createdAt, Buffer.from([0xde, 0xad, 0xbe, 0xef]))).toBe(`history_${createdAt.getTime().toString(36)}_deadbeef`);
  });

  it('stays within the PostgreSQL identifier limit for the longest prefix', () => {
    const name = testDatabaseName('p'.repeat(30), createdAt, Buffer.alloc(4));
    expect(name.length).toBeLessThanOrEqual(63);
  });

  it.each(['', 'History', '1st', 'a-b', 'x;drop', 'p'.repeat(31)])('rejects the prefix %j', (prefix) => {
    expect(() => testDatabaseName(prefix, createdAt, Buffer.alloc(4))).toThrow(InvalidDatabasePrefixError);
  });
});

describe('databaseUrl', () => {
  it('keeps server and credentials and swaps the database', () => {
    expect(databaseUrl('postgres://kerma:s3cret@db.internal:6543/postgres?sslmode=require', 'history_x')).toBe(
      'postgres://kerma:s3cret@db.internal:6543/history_x?sslmode=require',
    );
  });
});
