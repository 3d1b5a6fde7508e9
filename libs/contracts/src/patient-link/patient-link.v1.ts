import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineContract } from '../contract';
import { eventMeta, isoDateTime, site } from '../common/fields';

/**
 * A patient identity as the studies report it: the site, the issuer of the patient id (null: none) and
 * the id. Its patient key is patientKey(site, issuer, id), the key of that identity's study events.
 */
export const patientIdentity = z.object({
  site,
  issuer: z.string().min(1).max(64).nullable(),
  patientId: z.string().min(1).max(64),
});
export type PatientIdentity = z.infer<typeof patientIdentity>;

/**
 * The message key of a link's events: a hash of its two identities in a fixed order, so a link and its
 * unlink (and a later link of the same pair) stay in order on one partition and no id shows in the key.
 */
export function patientLinkKey(identities: readonly [PatientIdentity, PatientIdentity]): string {
  const material = identities
    .map((i) => JSON.stringify([i.site, i.issuer ?? '', i.patientId]))
    .sort()
    .join('|');
  return createHash('sha256').update(`patient-link|${material}`).digest('hex');
}

export const PATIENT_LINK_ACTIONS = ['linked', 'unlinked'] as const;

export const patientLinkV1Schema = z.object({
  ...eventMeta,
  /** The link this event is about; an unlink names the link it ends. */
  linkId: z.string().uuid(),
  action: z.enum(PATIENT_LINK_ACTIONS),
  /** The two identities stated to be one person (unordered). */
  identities: z
    .tuple([patientIdentity, patientIdentity])
    .refine(([a, b]) => a.site !== b.site || a.issuer !== b.issuer || a.patientId !== b.patientId, 'the two identities must differ')
    .describe('Two different identities'),
  /** Who stated it (the token's subject), when, and why. */
  by: z.string().min(1).max(128),
  at: isoDateTime,
  reason: z.string().min(1).max(2000),
});
export type PatientLinkV1 = z.infer<typeof patientLinkV1Schema>;

export const PatientLinkV1 = defineContract<PatientLinkV1>({
  name: 'patient-link',
  version: 1,
  description:
    "A site administrator stated that two patient identities (site, issuer, patient id) are one person (linked), or withdrew that statement (unlinked). Consumers add up the linked identities' studies as one patient's; after an unlink, they count separately again.",
  schema: patientLinkV1Schema,
  key: (p) => patientLinkKey(p.identities),
});
