import { schema as s, type SchemaObject } from '@kerma/platform';
import { API_KEY_ROLES, AUDIT_ACTIONS } from '@kerma/contracts';

export const API_KEY: SchemaObject = s.object({
  id: s.string('Key id: the public part of the key'),
  name: s.string(),
  site: s.string(),
  role: s.enum(API_KEY_ROLES),
  createdAt: s.string(),
  createdBy: s.string('Subject of the site administrator'),
  revokedAt: s.nullable(s.string()),
  revokedBy: s.nullable(s.string()),
  lastUsedAt: s.nullable(s.string('Latest use reported by any service (reported at most once a minute)')),
});

export const API_KEY_WITH_SECRET: SchemaObject = {
  ...API_KEY,
  properties: { ...API_KEY.properties, key: s.string('kerma_<id>_<secret>: shown this once only') },
  required: [...(API_KEY.required ?? []), 'key'],
};

export const API_KEYS: SchemaObject = s.object({ apiKeys: s.array(API_KEY) });

const AUDIT_RECORD: SchemaObject = s.object({
  id: s.string(),
  at: s.string('ISO 8601'),
  service: s.string(),
  subject: s.string('OIDC subject, or api-key:<id>'),
  via: s.enum(['oidc', 'api-key', 'none']),
  keyId: s.nullable(s.string()),
  roles: s.array(s.string()),
  action: s.enum(AUDIT_ACTIONS),
  method: s.string(),
  route: s.string('Route template (no patient id)'),
  site: s.nullable(s.string()),
  patientKeys: s.array(s.string('Pseudonymous patient key')),
  studyInstanceUids: s.array(s.string()),
  clientIp: s.nullable(s.string()),
  status: s.integer('HTTP status of the answer'),
});

export const AUDIT_PAGE: SchemaObject = s.object({ records: s.array(AUDIT_RECORD), nextCursor: s.nullable(s.string()) });
