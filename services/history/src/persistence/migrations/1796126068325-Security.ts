import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Security1796126068325 implements MigrationInterface {
  name = 'Security1796126068325';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_key" ("key_id" character varying(16) NOT NULL, "version" integer NOT NULL, "name" character varying(200) NOT NULL, "site" character varying(64) NOT NULL, "role" character varying(32) NOT NULL, "secret_sha256" character varying(64) NOT NULL, "created_at" character varying(32) NOT NULL, "created_by" character varying(256) NOT NULL, "revoked_at" character varying(32), "revoked_by" character varying(256), "last_used_at" character varying(32), CONSTRAINT "PK_25317defbd76045915caa07f8aa" PRIMARY KEY ("key_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_7820ccff05c55fd8df7762187d" ON "api_key" ("site") `);
    await queryRunner.query(
      `CREATE TABLE "audit_record" ("id" character varying(36) NOT NULL, "at" character varying(32) NOT NULL, "service" character varying(64) NOT NULL, "subject" character varying(256) NOT NULL, "via" character varying(16) NOT NULL, "key_id" character varying(64), "roles" character varying(512) NOT NULL, "action" character varying(32) NOT NULL, "method" character varying(16) NOT NULL, "route" character varying(512) NOT NULL, "site" character varying(64), "patient_keys" text NOT NULL, "study_instance_uids" text NOT NULL, "client_ip" character varying(64), "status" integer NOT NULL, "published_at" character varying(32), CONSTRAINT "PK_2c07dcda4cbae68f1cbbe6d7426" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_12d7e20a45c9ea18453c171e11" ON "audit_record" ("at") `);
    await queryRunner.query(`CREATE INDEX "IDX_f3608e100c45b41ed7449bce9b" ON "audit_record" ("subject") `);
    await queryRunner.query(`CREATE INDEX "IDX_98431530f81cb562d6c5a153ee" ON "audit_record" ("action") `);
    await queryRunner.query(`CREATE INDEX "IDX_f067f46105a243fe6b3de2674d" ON "audit_record" ("site") `);
    await queryRunner.query(`CREATE INDEX "IDX_283628b5bf72cdeef261bd278f" ON "audit_record" ("published_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_283628b5bf72cdeef261bd278f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f067f46105a243fe6b3de2674d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_98431530f81cb562d6c5a153ee"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f3608e100c45b41ed7449bce9b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_12d7e20a45c9ea18453c171e11"`);
    await queryRunner.query(`DROP TABLE "audit_record"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7820ccff05c55fd8df7762187d"`);
    await queryRunner.query(`DROP TABLE "api_key"`);
  }
}
