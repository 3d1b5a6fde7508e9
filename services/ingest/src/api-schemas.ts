import { schema as s, type SchemaObject } from '@kerma/platform';

/** Response schemas of the ingest routes. */
const source = s.enum(['stow', 'c-store', 'import']);

/** A stored object's metadata; patient identifiers are never part of it. */
export const STORED_OBJECT: SchemaObject = s.object({
  id: s.string('uuid'),
  sopInstanceUid: s.string(),
  sopClassUid: s.string(),
  studyInstanceUid: s.string(),
  site: s.string(),
  patientKey: s.string('Hash of (site, issuer, patient id)'),
  sha256: s.string(),
  sizeBytes: s.integer(),
  source,
  receivedAt: s.string(),
  publishedAt: s.nullable(s.string('When the received event was announced; null while it waits in the outbox')),
  eventId: s.string(),
  reprocess: s.boolean(),
  claimedUntil: s.nullable(s.string()),
});

export const QUARANTINED_OBJECT: SchemaObject = s.object({
  id: s.string('uuid'),
  sopInstanceUid: s.string(),
  sopClassUid: s.string(),
  studyInstanceUid: s.string(),
  site: s.string(),
  source,
  sha256: s.string(),
  sizeBytes: s.integer(),
  originalObjectId: s.string('The stored object whose SOP Instance UID this one reused'),
  originalSha256: s.string(),
  receivedAt: s.string(),
  status: s.enum(['pending', 'kept-original', 'replaced']),
  resolvedAt: s.nullable(s.string()),
  resolvedBy: s.nullable(s.string()),
});

export const REPROCESS_OUTCOME: SchemaObject = s.object({ studyInstanceUid: s.string(), objectIds: s.array(s.string('Stored objects announced again')) });

export const REPROCESS_SELECTION: SchemaObject = s.object({
  studyInstanceUids: s.array(s.string('Study Instance UID')),
});

export const REPROCESS_SELECTION_OUTCOME: SchemaObject = s.object({
  queued: s.array(s.object({ studyInstanceUid: s.string(), objects: s.integer('Stored objects announced again') })),
  notFound: s.array(s.string('Study of the selection with no stored object in your site scope')),
});

/** DICOM JSON (PS3.18 F.2): attributes keyed by tag, each with its VR and values. */
export const STORE_INSTANCES_RESPONSE: SchemaObject = {
  type: 'object',
  description:
    'Store Instances Response (PS3.18 §10.5.3): Referenced SOP Sequence (00081199) of the stored objects and Failed SOP Sequence (00081198) with ' +
    'Failure Reason (00081197) and Kerma reason code (00091001); every item names its Study Instance UID (0020000D) when it could be read ' +
    'and the number of the request part it is about (00091004, 1 = first)',
  additionalProperties: { type: 'object', properties: { vr: s.string(), Value: { type: 'array', items: {} } }, required: ['vr'] },
};

export const STOW_ERROR: SchemaObject = s.object({ error: s.string('Why the whole request was refused') });
