import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from '@kerma/testing';

const LOCAL = resolve(__dirname, '..', '..', 'deploy', 'local');
const run = promisify(execFile);

/** A single-node broker whose client listener takes only SCRAM logins over TLS (kafka.sh, KAFKA_SECURITY=sasl_ssl). */
export class ScramTlsBroker {
  private constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly bootstrap: string,
    readonly caFile: string,
    readonly user: { readonly name: string; readonly password: string },
  ) {}

  static async start(): Promise<ScramTlsBroker> {
    const stateDir = mkdtempSync(join(tmpdir(), 'kerma-scram-kafka-'));
    const user = { name: 'kerma-services', password: `pw-${Date.now().toString(36)}` };
    const env = {
      ...process.env,
      KAFKA_PORT: String(await findFreePort()),
      KAFKA_CONTROLLER_PORT: String(await findFreePort()),
      KERMA_STATE_DIR: stateDir,
      KAFKA_SECURITY: 'sasl_ssl',
      KAFKA_SCRAM_USER: user.name,
      KAFKA_SCRAM_PASSWORD: user.password,
    };
    const { stdout } = await run(join(LOCAL, 'kafka', 'kafka.sh'), ['start'], { env, timeout: 180_000 });
    return new ScramTlsBroker(env, stdout.trim().split('\n').pop()!, join(stateDir, 'tls', 'ca.crt'), user);
  }

  /** The environment a Kerma service needs to reach this broker. */
  clientEnv(password = this.user.password): Record<string, string> {
    return {
      KAFKA_BROKERS: this.bootstrap,
      KAFKA_SECURITY_PROTOCOL: 'sasl_ssl',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: this.user.name,
      KAFKA_SASL_PASSWORD: password,
      KAFKA_TLS_CA_FILE: this.caFile,
    };
  }

  async stop(): Promise<void> {
    await run(join(LOCAL, 'kafka', 'kafka.sh'), ['stop'], { env: this.env, timeout: 60_000 });
  }
}

/** A private PostgreSQL accepting TLS connections only (postgres-tls.sh); adminUrl carries sslmode=verify-full and the CA. */
export class TlsPostgres {
  private constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly adminUrl: string,
  ) {}

  static async start(): Promise<TlsPostgres> {
    const env = { ...process.env, PG_TLS_PORT: String(await findFreePort()), KERMA_STATE_DIR: mkdtempSync(join(tmpdir(), 'kerma-pg-tls-')) };
    const { stdout } = await run(join(LOCAL, 'postgres-tls.sh'), ['start'], { env, timeout: 120_000 });
    return new TlsPostgres(env, stdout.trim().split('\n').pop()!);
  }

  async stop(): Promise<void> {
    await run(join(LOCAL, 'postgres-tls.sh'), ['stop'], { env: this.env, timeout: 60_000 });
  }
}
