import { z } from 'zod';
import { defineContract } from '../contract';
import { dicomUid, eventMeta, isoDateTime, site } from '../common/fields';

/** What an audited request did: read patient data, or changed something. */
export const AUDIT_ACTIONS = ['read-patient', 'read-study', 'read-alert', 'change', 'read-audit'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const patientKeyHash = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * One audited HTTP request or DICOM C-STORE association: who (OIDC subject, API key id or calling AE title),
 * with which roles, did what (action and route), about which patient (pseudonymous keys, never an id or name)
 * and study, from which address, with which outcome. Written by the service that answered, then published for
 * the audit trail.
 */
export const auditV1Schema = z.object({
  ...eventMeta,
  service: z.string().min(1).max(64),
  subject: z.string().min(1).max(256),
  /** How the caller was identified: `dicom` is a C-STORE association, its subject `dicom-ae:<calling AE title>`. */
  via: z.enum(['oidc', 'api-key', 'none', 'dicom']),
  keyId: z.string().max(64).nullable(),
  roles: z.array(z.string().max(64)).max(16),
  action: z.enum(AUDIT_ACTIONS),
  method: z.string().min(1).max(16),
  /** The route template (`/api/v1/patients/:patientId/dose-history`): no patient id in it. */
  route: z.string().min(1).max(512),
  /** The site the request was made for: the one asked for, or the caller's only site; null when group-wide. */
  site: site.nullable(),
  patientKeys: z.array(patientKeyHash).max(1000),
  studyInstanceUids: z.array(dicomUid).max(1000),
  clientIp: z.string().max(64).nullable(),
  status: z.number().int().min(100).max(599),
  at: isoDateTime,
});
export type AuditV1 = z.infer<typeof auditV1Schema>;

export const AuditV1 = defineContract<AuditV1>({
  name: 'audit',
  version: 1,
  description:
    'One audited request or C-STORE association (a read of patient data or a change): who, role, action and route, patient keys (hashed), studies, client address, outcome. Produced by every service with an HTTP API; history keeps the trail that auditors query.',
  schema: auditV1Schema,
  key: (p) => p.eventId,
});
