import { z } from 'zod';
import { site } from '@kerma/contracts';
import { ConfigError, readOptionalFile } from '@kerma/platform';
import type { DicomListenerOptions, DicomTls } from './dicom-listener-options';

/** PS3.5 AE: up to 16 characters of the default repertoire without backslash; surrounding spaces are not significant. */
const aeTitle = z
  .string()
  .transform((s) => s.trim())
  .superRefine((s, ctx) => {
    const problem =
      s.length < 1 || s.length > 16
        ? `"${s}": an AE title has 1 to 16 characters`
        : /^[\x20-\x5B\x5D-\x7E]+$/.test(s)
          ? null
          : `"${s}": an AE title has printable ASCII characters only, no backslash`;
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });

const jsonText = <T extends z.ZodTypeAny>(schema: T, expected: string) =>
  z.string().transform((text, ctx): z.infer<T> => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not valid JSON; expected ${expected}` });
      return z.NEVER;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `${parsed.error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; ')} (expected ${expected})`,
      });
      return z.NEVER;
    }
    return parsed.data;
  });

/** Optional listening port: the C-STORE SCP runs only when it is set. */
export const optionalDicomPort = () => z.coerce.number().int().min(1).max(65535).optional();

/** Settings of the C-STORE SCP shared by the deployed ingest service and the single process. */
export const dicomSettingsShape = {
  DICOM_AE_TITLE: aeTitle.default('KERMA'),
  DICOM_SITE_BY_CALLING_AE: jsonText(z.record(aeTitle, site), 'a JSON object of calling AE title → site id, e.g. {"CATHLAB1":"cath-lab-1"}').default('{}'),
  DICOM_CALLING_AE_ALLOWLIST: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    )
    .pipe(z.array(aeTitle).min(1, 'no AE title listed: unset the variable to accept every calling AE title'))
    .optional(),
  DICOM_TLS_CERT_FILE: z.string().min(1).optional(),
  DICOM_TLS_KEY_FILE: z.string().min(1).optional(),
  DICOM_TLS_CLIENT_CA_FILE: z.string().min(1).optional(),
};

type DicomSettings = z.infer<z.ZodObject<typeof dicomSettingsShape>>;

/**
 * The listener options, or undefined when no port is configured. A site mapping for a calling AE
 * title the allowlist refuses is a configuration mistake, reported with both variables.
 */
export function dicomListenerOptions(port: number | undefined, settings: DicomSettings, host: string): DicomListenerOptions | undefined {
  if (port === undefined) return undefined;
  const allowlist = settings.DICOM_CALLING_AE_ALLOWLIST ?? null;
  if (allowlist) {
    const refused = Object.keys(settings.DICOM_SITE_BY_CALLING_AE).filter((ae) => !allowlist.includes(ae));
    if (refused.length > 0) {
      throw new ConfigError([`DICOM_SITE_BY_CALLING_AE: maps calling AE title(s) ${refused.join(', ')}, which DICOM_CALLING_AE_ALLOWLIST does not allow`]);
    }
  }
  return {
    port,
    host,
    aeTitle: settings.DICOM_AE_TITLE,
    siteByCallingAe: settings.DICOM_SITE_BY_CALLING_AE,
    callingAeAllowlist: allowlist,
    tls: dicomTls(settings),
  };
}

/** TLS of the SCP from PEM files read once here: a missing or empty file stops the start naming the variable. */
function dicomTls(settings: DicomSettings): DicomTls | null {
  const { DICOM_TLS_CERT_FILE: certFile, DICOM_TLS_KEY_FILE: keyFile, DICOM_TLS_CLIENT_CA_FILE: caFile } = settings;
  if (!certFile && !keyFile) {
    if (caFile) throw new ConfigError(['DICOM_TLS_CLIENT_CA_FILE: client certificates need TLS: set DICOM_TLS_CERT_FILE and DICOM_TLS_KEY_FILE too']);
    return null;
  }
  const problems: string[] = [];
  if (!certFile || !keyFile) problems.push('DICOM_TLS_CERT_FILE, DICOM_TLS_KEY_FILE: TLS needs both the certificate and its key');
  const cert = readOptionalFile('DICOM_TLS_CERT_FILE', certFile, problems);
  const key = readOptionalFile('DICOM_TLS_KEY_FILE', keyFile, problems);
  const clientCa = readOptionalFile('DICOM_TLS_CLIENT_CA_FILE', caFile, problems);
  if (problems.length > 0 || !cert || !key) throw new ConfigError(problems);
  return { cert, key, clientCa };
}
