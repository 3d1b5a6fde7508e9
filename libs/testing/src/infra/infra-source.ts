/** Where an integration dependency came from: given by the environment, a container, or the repo's local scripts. */
export type InfraSource = 'env' | 'testcontainers' | 'local-script';

/** Something an integration run started (or borrowed) and must release afterwards. */
export interface ResolvedInfra {
  readonly source: InfraSource;
  /** Releases what this process started; a no-op for infrastructure given by the environment. */
  stop(): Promise<void>;
}

export class InfraUnavailableError extends Error {
  constructor(
    readonly dependency: 'kafka' | 'postgres',
    reason: string,
  ) {
    super(`${dependency} is not available for integration tests: ${reason}`);
    this.name = 'InfraUnavailableError';
  }
}
