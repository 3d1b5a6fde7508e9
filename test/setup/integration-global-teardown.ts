import { stopAll, takeStarted } from './integration-infra';

export default async function integrationGlobalTeardown(): Promise<void> {
  await stopAll(takeStarted().started);
}
