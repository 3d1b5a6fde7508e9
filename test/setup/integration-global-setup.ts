import { provideIntegrationInfra, rememberStarted } from './integration-infra';

export default async function integrationGlobalSetup(): Promise<void> {
  rememberStarted(await provideIntegrationInfra());
}
