import type * as Testcontainers from 'testcontainers';

export type TestcontainersModule = typeof Testcontainers;

export interface ContainerRuntime {
  readonly testcontainers: TestcontainersModule;
  /** Host where mapped container ports are reachable from this process. */
  readonly host: string;
}

let probed: Promise<ContainerRuntime | null> | undefined;

/**
 * The container runtime testcontainers would use, or null when there is none (no Docker/Podman socket).
 * Loaded lazily so machines without a runtime never pay for the import; probed once per process.
 */
export function findContainerRuntime(): Promise<ContainerRuntime | null> {
  probed ??= probeContainerRuntime();
  return probed;
}

async function probeContainerRuntime(): Promise<ContainerRuntime | null> {
  const testcontainers = await import('testcontainers');
  try {
    const client = await testcontainers.getContainerRuntimeClient();
    return { testcontainers, host: client.info.containerRuntime.host };
  } catch {
    return null;
  }
}
