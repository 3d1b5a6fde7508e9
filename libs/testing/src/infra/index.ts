export { InfraUnavailableError, type InfraSource, type ResolvedInfra } from './infra-source';
export { KAFKA_IMAGE, parseBrokerList, resolveKafka, type ResolvedKafka } from './kafka';
export { POSTGRES_IMAGE, resolvePostgres, type ResolvedPostgres } from './postgres';
export { createTestDatabase, databaseUrl, InvalidDatabasePrefixError, testDatabaseName, type TestDatabase } from './test-database';
export {
  describeIntegration,
  integrationKafkaBrokers,
  integrationPgAdminUrl,
  isCi,
  KAFKA_BROKERS_ENV,
  MissingIntegrationInfraError,
  missingDependencies,
  PG_ADMIN_URL_ENV,
  type IntegrationDependency,
} from './integration-env';
export { findFreePort } from './free-port';
export { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from './smtp-test-server';
export { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from './webhook-receiver';
export { TEST_CA_PEM } from './test-tls';
export { readTopic, skipEarlierMessages } from './kafka-groups';
