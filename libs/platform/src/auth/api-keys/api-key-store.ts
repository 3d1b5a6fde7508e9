import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { ApiKeyUsedV1, type ApiKeyV1 } from '@kerma/contracts';
import type { EventPublisher } from '@kerma/messaging';
import { ROLES, type Principal, type Role } from '../roles';
import { ApiKeyRecord } from './api-key.entity';
import { parseApiKey, secretMatches } from './api-key-secret';

/** A key's last use is told at most this often per process: no write per request. */
export const USE_REPORT_INTERVAL_MS = 60_000;

export class InvalidApiKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidApiKeyError';
  }
}

/**
 * The API keys one service knows (its own table, fed by kerma.api-key.v1) and the check of a presented
 * key against them. An unknown, malformed, wrong or revoked key is refused with the same message, so a
 * caller learns nothing about which keys exist.
 */
export class ApiKeyStore {
  private readonly log = new Logger('ApiKeys');
  private readonly reportedAtMs = new Map<string, number>();

  constructor(
    private readonly keys: Repository<ApiKeyRecord>,
    private readonly publisher: EventPublisher,
    private readonly service: string,
  ) {}

  async verify(presented: string): Promise<Principal> {
    const parsed = parseApiKey(presented);
    const record = parsed ? await this.keys.findOneBy({ keyId: parsed.keyId }) : null;
    if (!parsed || !record || record.revokedAt !== null || !secretMatches(parsed.secret, record.secretSha256) || !isRole(record.role)) {
      throw new InvalidApiKeyError('API key unknown or revoked');
    }
    this.reportUse(record.keyId);
    return { subject: `api-key:${record.keyId}`, roles: [record.role], sites: [record.site], via: 'api-key', keyId: record.keyId };
  }

  /**
   * Keeps the highest version of a key: replays and out-of-order copies change nothing. The owner
   * applies its own change while its consumer may apply the same message: the loser of that race
   * finds the row on its second look.
   */
  async apply(event: ApiKeyV1): Promise<void> {
    try {
      await this.applyOnce(event);
    } catch (err) {
      if (!(await this.keys.existsBy({ keyId: event.keyId }))) throw err;
      await this.applyOnce(event);
    }
  }

  private async applyOnce(event: ApiKeyV1): Promise<void> {
    const current = await this.keys.findOneBy({ keyId: event.keyId });
    if (current && current.version >= event.version) return;
    const state = {
      version: event.version,
      name: event.name,
      site: event.site,
      role: event.role,
      secretSha256: event.secretSha256,
      createdAt: event.createdAt,
      createdBy: event.createdBy,
      revokedAt: event.revokedAt,
      revokedBy: event.revokedBy,
    };
    if (current) {
      await this.keys
        .createQueryBuilder()
        .update()
        .set(state)
        .where('key_id = :keyId AND version < :version', { keyId: event.keyId, version: event.version })
        .execute();
    } else {
      await this.keys.insert({ keyId: event.keyId, ...state, lastUsedAt: null });
    }
  }

  /** Records a use reported by any service, keeping the latest time. */
  async noteUsed(keyId: string, usedAt: string): Promise<void> {
    await this.keys
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: usedAt })
      .where('key_id = :keyId AND (last_used_at IS NULL OR last_used_at < :usedAt)', { keyId, usedAt })
      .execute();
  }

  private reportUse(keyId: string): void {
    const now = Date.now();
    if (now - (this.reportedAtMs.get(keyId) ?? 0) < USE_REPORT_INTERVAL_MS) return;
    this.reportedAtMs.set(keyId, now);
    const usedAt = new Date(now).toISOString();
    this.publisher.publish(ApiKeyUsedV1, { eventId: randomUUID(), occurredAt: usedAt, keyId, service: this.service, usedAt }).catch((err: Error) => {
      this.reportedAtMs.delete(keyId); // tell it with the next use instead
      this.log.warn({ msg: 'API key use not reported', keyId, error: err.message });
    });
  }
}

function isRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
}
