import { DataSource } from 'typeorm';
import { HISTORY_ENTITIES, HISTORY_MIGRATIONS } from '@kerma/history';
import { INGEST_ENTITIES, INGEST_MIGRATIONS } from '@kerma/ingest';
import { NOTIFICATION_ENTITIES, NOTIFICATION_MIGRATIONS } from '@kerma/notification';
import { PARSER_ENTITIES, PARSER_MIGRATIONS } from '@kerma/parser';
import { dataSourceOptions } from '@kerma/platform';
import { SKIN_DOSE_ENTITIES, SKIN_DOSE_MIGRATIONS } from '@kerma/skin-dose';
import { createTestDatabase, describeIntegration, integrationPgAdminUrl } from '@kerma/testing';

const SERVICES = [
  ['ingest', INGEST_ENTITIES, INGEST_MIGRATIONS],
  ['parser', PARSER_ENTITIES, PARSER_MIGRATIONS],
  ['skin-dose', SKIN_DOSE_ENTITIES, SKIN_DOSE_MIGRATIONS],
  ['history', HISTORY_ENTITIES, HISTORY_MIGRATIONS],
  ['notification', NOTIFICATION_ENTITIES, NOTIFICATION_MIGRATIONS],
] as const;

describeIntegration(['postgres'])('PostgreSQL migrations of each service', () => {
  it.each(SERVICES)('%s: run on an empty database, match the entities exactly, and revert cleanly', async (service, entities, migrations) => {
    const db = await createTestDatabase(integrationPgAdminUrl(), `kerma_migr_${service.replace('-', '_')}`);
    const ds = new DataSource(dataSourceOptions({ service, target: { kind: 'postgres', url: db.url }, entities: [...entities], migrations: [...migrations] }));
    try {
      await ds.initialize();
      const applied = await ds.query(`SELECT name FROM ${service.replace('-', '_')}_migrations`);
      expect(applied).toHaveLength(migrations.length);
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration();
      const tables = await ds.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '${service.replace('-', '_')}_migrations'`,
      );
      expect(tables).toEqual([]);
    } finally {
      if (ds.isInitialized) await ds.destroy();
      await db.drop();
    }
  });
});
