import { stopAll, takeStarted } from '../../setup/integration-infra';

export default async function faultsGlobalTeardown(): Promise<void> {
  await stopAll(takeStarted().started);
}
