import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AlertDelivery1796118537194 implements MigrationInterface {
  name = 'AlertDelivery1796118537194';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "alert_delivery" ("id" character varying(36) NOT NULL, "delivery_id" character varying(36) NOT NULL, "alert_id" character varying(36) NOT NULL, "state" character varying(32) NOT NULL, "event_type" character varying(64) NOT NULL, "site" character varying(64) NOT NULL, "channel" character varying(16) NOT NULL, "target" character varying(36) NOT NULL, "alert" text NOT NULL, "status" character varying(16) NOT NULL, "attempts" integer NOT NULL, "next_attempt_at" character varying(32) NOT NULL, "leased_until" character varying(32), "last_error" character varying(512), "created_at" character varying(32) NOT NULL, "delivered_at" character varying(32), CONSTRAINT "PK_c525535867340bf8eef9ac9721d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_830cdc5a7567efb137d9ad9d24" ON "alert_delivery" ("site") `);
    await queryRunner.query(`CREATE INDEX "IDX_60a1844a7dc05668f5c2fa2715" ON "alert_delivery" ("status", "next_attempt_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d8983cd35bfdbbab38642d9a9c" ON "alert_delivery" ("delivery_id", "target") `);
    await queryRunner.query(
      `CREATE TABLE "webhook_subscriber" ("id" character varying(36) NOT NULL, "site" character varying(64) NOT NULL, "url" character varying(2048) NOT NULL, "event_types" character varying(1024) NOT NULL, "description" character varying(256), "secret" character varying(128) NOT NULL, "previous_secret" character varying(128), "previous_secret_expires_at" character varying(32), "created_at" character varying(32) NOT NULL, CONSTRAINT "PK_b12f3c3e8f14c23d4d96d38f52b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_a82c0ce9def8cdd86e5b292f13" ON "webhook_subscriber" ("site") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_a82c0ce9def8cdd86e5b292f13"`);
    await queryRunner.query(`DROP TABLE "webhook_subscriber"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d8983cd35bfdbbab38642d9a9c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_60a1844a7dc05668f5c2fa2715"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_830cdc5a7567efb137d9ad9d24"`);
    await queryRunner.query(`DROP TABLE "alert_delivery"`);
  }
}
