import { z } from 'zod';
import { defineContract } from '../contract';
import { eventMeta, isoDateTime, site } from '../common/fields';

/** Roles an API key may carry: never site-admin (a key cannot create keys or change a site's settings). */
export const API_KEY_ROLES = ['viewer', 'physicist', 'integrator', 'auditor'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** The public part of a key: 16 lowercase letters and digits (`kerma_<keyId>_<secret>`). */
export const apiKeyId = z.string().regex(/^[a-z0-9]{16}$/, 'an API key id is 16 lowercase letters and digits');

/**
 * The state of one API key, each version in full: the topic is compacted on the key id, so a service
 * starting from the beginning ends up with the latest version of every key. Only the SHA-256 of the
 * secret travels; the secret itself is shown once to whoever created the key and never stored.
 */
export const apiKeyV1Schema = z.object({
  ...eventMeta,
  keyId: apiKeyId,
  /** 1 at creation, one more per change: a consumer keeps the highest it saw. */
  version: z.number().int().positive(),
  name: z.string().min(1).max(200),
  site,
  role: z.enum(API_KEY_ROLES),
  /** SHA-256 (hex) of the secret part of the key. */
  secretSha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: isoDateTime,
  createdBy: z.string().min(1).max(256),
  revokedAt: isoDateTime.nullable(),
  revokedBy: z.string().min(1).max(256).nullable(),
});
export type ApiKeyV1 = z.infer<typeof apiKeyV1Schema>;

export const ApiKeyV1 = defineContract<ApiKeyV1>({
  name: 'api-key',
  version: 1,
  description:
    'The current state of an API key (created, revoked), in full at each version, keyed by key id on a compacted topic: every service with an HTTP API keeps its own copy to verify keys. Carries the SHA-256 of the secret, never the secret.',
  schema: apiKeyV1Schema,
  key: (p) => p.keyId,
  compacted: true,
});

/**
 * An API key was used: each process says so at most once a minute per key, so the owner of the keys
 * shows a last-used time without a write per request.
 */
export const apiKeyUsedV1Schema = z.object({
  ...eventMeta,
  keyId: apiKeyId,
  service: z.string().min(1).max(64),
  usedAt: isoDateTime,
});
export type ApiKeyUsedV1 = z.infer<typeof apiKeyUsedV1Schema>;

export const ApiKeyUsedV1 = defineContract<ApiKeyUsedV1>({
  name: 'api-key.used',
  version: 1,
  description: 'An API key was accepted by a service (at most one message a minute per key and process); the owner of the keys keeps the latest time.',
  schema: apiKeyUsedV1Schema,
  key: (p) => p.keyId,
});
