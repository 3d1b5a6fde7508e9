import { schema as s, type SchemaObject } from '@kerma/platform';

export const CSV_IMPORTED: SchemaObject = s.object({
  accepted: s.integer('Rows applied to studies received'),
  pending: s.array(
    s.object({
      line: s.integer('Line number in the file'),
      site: s.string('Site of the study the size waits for'),
      expiresAt: s.string('When the size is dropped if its study has not arrived (ISO 8601)'),
    }),
  ),
  rejected: s.array(s.object({ line: s.integer('Line number in the file (the header is line 1)'), reason: s.string() })),
  recomputed: s.array(s.string('Study Instance UID whose skin dose was recomputed with the new size')),
});

export const FHIR_ACCEPTED: SchemaObject = s.object({
  studyInstanceUid: s.string(),
  accepted: s.array(s.object({ reference: s.string(), heightM: s.nullable(s.number()), massKg: s.nullable(s.number()) })),
  recomputed: s.boolean(),
  resultVersion: s.nullable(s.integer()),
  result: s.nullable(s.opaque('The new skin dose figures (phantom.sizeSource names where the size came from)')),
});
