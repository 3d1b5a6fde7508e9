import * as path from 'path';

const repoRoot = path.resolve(__dirname, '../../../..');

export const kafkaScript = path.join(repoRoot, 'deploy/local/kafka/kafka.sh');
export const postgresScript = path.join(repoRoot, 'deploy/local/postgres.sh');
