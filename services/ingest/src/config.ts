import { site } from '@kerma/contracts';
import { z } from 'zod';
import { env, loadConfig, type DatabaseTarget } from '@kerma/platform';
import { dicomListenerOptions, dicomSettingsShape, optionalDicomPort } from './c-store/dicom-config';
import { MAX_EMBEDDED_ORIGINAL_BYTES_DEFAULT, UPLOAD_DEFAULTS, type IngestOptions } from './ingest-options';

/** Deployed configuration of the ingest service, validated at start-up. */
export function ingestConfigFromEnv(source: NodeJS.ProcessEnv = process.env): { port: number; options: IngestOptions } {
  const cfg = loadConfig(
    {
      PORT: env.port(3001),
      DATABASE_URL: env.postgresUrl(),
      STORAGE_DIR: z.string({ required_error: 'required (folder of the raw archive, on durable storage)' }).min(1),
      PUBLIC_BASE_URL: z.string({ required_error: 'required (URL at which other services reach this one, e.g. http://ingest:3001)' }).url(),
      KERMA_DEFAULT_SITE: site.default('default'),
      MAX_REQUEST_BYTES: env.positiveInt(256 * 1024 * 1024),
      MAX_CONCURRENT_LARGE_UPLOADS: env.positiveInt(UPLOAD_DEFAULTS.maxConcurrentLargeUploads),
      LARGE_UPLOAD_BYTES: env.positiveInt(UPLOAD_DEFAULTS.largeUploadBytes),
      OUTBOX_INTERVAL_MS: env.positiveInt(10_000),
      /** Largest compressed original carried in rdsr.received; 0 announces every object by claim check only. */
      MAX_EMBEDDED_ORIGINAL_BYTES: z.coerce
        .number()
        .int()
        .min(0)
        .max(8 * 1024 * 1024)
        .default(MAX_EMBEDDED_ORIGINAL_BYTES_DEFAULT),
      /** Bind address of the HTTP API (read by the platform) and of the DICOM port. */
      HOST: z.string().min(1).default('0.0.0.0'),
      DICOM_PORT: optionalDicomPort(),
      ...dicomSettingsShape,
    },
    source,
  );
  const database: DatabaseTarget = { kind: 'postgres', url: cfg.DATABASE_URL };
  return {
    port: cfg.PORT,
    options: {
      database,
      storageDir: cfg.STORAGE_DIR,
      publicBaseUrl: cfg.PUBLIC_BASE_URL,
      defaultSite: cfg.KERMA_DEFAULT_SITE,
      maxRequestBytes: cfg.MAX_REQUEST_BYTES,
      maxConcurrentLargeUploads: cfg.MAX_CONCURRENT_LARGE_UPLOADS,
      largeUploadBytes: cfg.LARGE_UPLOAD_BYTES,
      outboxIntervalMs: cfg.OUTBOX_INTERVAL_MS,
      maxEmbeddedOriginalBytes: cfg.MAX_EMBEDDED_ORIGINAL_BYTES,
      dicom: dicomListenerOptions(cfg.DICOM_PORT, cfg, cfg.HOST),
    },
  };
}
