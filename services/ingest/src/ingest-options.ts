import type { DatabaseTarget } from '@kerma/platform';
import type { DicomListenerOptions } from './c-store/dicom-listener-options';

export const INGEST_OPTIONS = Symbol('INGEST_OPTIONS');

export interface IngestOptions {
  readonly database: DatabaseTarget;
  /** Root folder of the raw archive (original bytes). */
  readonly storageDir: string;
  /** Base URL other services use to fetch stored bytes from this service. */
  readonly publicBaseUrl: string;
  /** Site recorded when a request does not name one. */
  readonly defaultSite: string;
  /** Largest STOW-RS request body, and largest C-STORE data set, accepted, in bytes. */
  readonly maxRequestBytes: number;
  /** How many requests larger than `largeUploadBytes` are received at once; more are answered 503 (default 2). */
  readonly maxConcurrentLargeUploads?: number;
  /** Size from which a request counts as large for that cap, in bytes (default 16 MiB). */
  readonly largeUploadBytes?: number;
  /**
   * Largest gzip-compressed original carried in rdsr.received, in bytes (default 4 MiB; base64 adds a
   * third on the wire, still well under the 16 MiB per-topic message ceiling). A larger object is
   * announced with its claim check only (retrieveUrl). 0 carries none.
   */
  readonly maxEmbeddedOriginalBytes?: number;
  /** How often unpublished objects are re-announced, in milliseconds. */
  readonly outboxIntervalMs: number;
  /** DICOM C-STORE SCP; not started when absent. */
  readonly dicom?: DicomListenerOptions;
}

/** Default of `maxEmbeddedOriginalBytes`. */
export const MAX_EMBEDDED_ORIGINAL_BYTES_DEFAULT = 4 * 1024 * 1024;

export const UPLOAD_DEFAULTS = { maxConcurrentLargeUploads: 2, largeUploadBytes: 16 * 1024 * 1024 } as const;
