import { randomBytes } from 'node:crypto';

export interface StowResult {
  readonly status: number;
  readonly body: Record<string, { vr: string; Value?: unknown[] }>;
}

/** Posts DICOM objects as a STOW-RS multipart/related request, the way a modality gateway would. */
export async function stow(baseUrl: string, objects: readonly Uint8Array[], site?: string): Promise<StowResult> {
  const boundary = `kerma-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const object of objects) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Buffer.from(object), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const response = await fetch(`${baseUrl}/dicomweb/studies${site ? `?site=${encodeURIComponent(site)}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`, accept: 'application/dicom+json' },
    body: Buffer.concat(chunks),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

/** The Kerma reason codes of the Failed SOP Sequence, in order. */
export function failureCodes(result: StowResult): string[] {
  const failed = (result.body['00081198']?.Value ?? []) as Record<string, { Value?: unknown[] }>[];
  return failed.map((item) => String(item['00091001']?.Value?.[0]));
}

export function failureReasons(result: StowResult): number[] {
  const failed = (result.body['00081198']?.Value ?? []) as Record<string, { Value?: unknown[] }>[];
  return failed.map((item) => Number(item['00081197']?.Value?.[0]));
}

export function storedCount(result: StowResult): number {
  return (result.body['00081199']?.Value ?? []).length;
}

/** Polls until `probe` returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

export async function getJson<T = any>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}
