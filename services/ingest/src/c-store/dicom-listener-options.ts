/** The DICOM C-STORE SCP of ingest. */
export interface DicomListenerOptions {
  readonly port: number;
  /** Bind address (the HTTP API's HOST). */
  readonly host: string;
  /** Called AE title the SCP answers to; associations addressed to another title are rejected. */
  readonly aeTitle: string;
  /** Site recorded for objects sent by a calling AE title; others get the default site. */
  readonly siteByCallingAe: Readonly<Record<string, string>>;
  /** When set, only these calling AE titles may associate. */
  readonly callingAeAllowlist: readonly string[] | null;
  /** DICOM TLS (PS3.15 B.9, BCP 195): absent or null = plain TCP. */
  readonly tls?: DicomTls | null;
}

/** PEM contents read at start-up. */
export interface DicomTls {
  readonly cert: string;
  readonly key: string;
  /** CAs that issue modality certificates: then every caller must present one they signed. Null: no client certificate asked. */
  readonly clientCa: string | null;
}
