import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Skin-dose keeps no patient identity (docs/phi.md): stored inputs lose the patient id, issuer, name
 * and birth date; the patient becomes its key and a digest of the id (stored-study-input.ts computes
 * the same digest for new studies and for FHIR subjects).
 */
export class StudyInputWithoutIdentity1796137474288 implements MigrationInterface {
  name = 'StudyInputWithoutIdentity1796137474288';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "skin_dose_study" SET
        "patient" = jsonb_build_object(
          'key', "patient"::jsonb->>'key',
          'idDigest', CASE WHEN btrim(coalesce("patient"::jsonb->>'id', '')) = '' THEN NULL
            ELSE encode(sha256(convert_to('patient-id|' || "site" || '|' || btrim("patient"::jsonb->>'id'), 'UTF8')), 'hex') END
        )::text,
        "procedure" = jsonb_set("procedure"::jsonb, '{patient}',
          ("procedure"::jsonb->'patient') || '{"id": null, "issuerOfId": null, "name": null, "birthDate": null}'::jsonb)::text
      WHERE "patient"::jsonb ? 'id' OR "patient"::jsonb ? 'issuer'`,
    );
  }

  async down(): Promise<void> {
    // The identities are gone by design; the older code reads the key-only rows as patients without an id.
  }
}
