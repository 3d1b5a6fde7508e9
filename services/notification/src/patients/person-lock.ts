import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { KeyedLock } from './keyed-lock';

/**
 * Judges one person at a time, in this process and, on PostgreSQL, across notification replicas: a
 * person's events may reach two replicas at once (study.parsed and skin-dose.calculated partitions
 * are assigned independently; linked identities have different keys), and both must not read the
 * person's figures before the other's study is in, nor both raise the person's cumulative alert.
 * The keys are locked in sorted order (no deadlock); on PostgreSQL with session advisory locks on a
 * connection of their own, released when the task ends (or by the server if the connection drops).
 */
@Injectable()
export class PersonLock {
  private readonly local = new KeyedLock();

  constructor(@InjectDataSource('notification') private readonly db: DataSource) {}

  run<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const acrossReplicas = this.db.options.type === 'postgres' ? () => this.advisory(sorted, task) : task;
    const nested = sorted.reduceRight<() => Promise<T>>((inner, key) => () => this.local.run(key, inner), acrossReplicas);
    return nested();
  }

  private async advisory<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      for (const key of keys) await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`patient:${key}`]);
      return await task();
    } finally {
      try {
        await runner.query('SELECT pg_advisory_unlock_all()');
      } finally {
        await runner.release();
      }
    }
  }
}
