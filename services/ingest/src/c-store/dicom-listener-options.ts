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
}
