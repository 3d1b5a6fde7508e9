import { FHIR_JSON, type FhirResource } from '@kerma/fhir';
import type { FhirPushOptions } from './fhir-push-options';

export type PushOutcome =
  | { readonly ok: true; readonly httpStatus: number }
  | { readonly ok: false; readonly retry: boolean; readonly httpStatus: number | null; readonly error: string };

/**
 * Refusals that the same bundle will meet again (bad request, validation failed, conflict…) are not retried; the
 * next change of the study queues it anew. Timeouts, throttling, server errors and authentication problems (a
 * token being renewed, a server being configured) are retried.
 */
const RETRIED_STATUS = new Set([401, 403, 404, 408, 425, 429]);

/** POSTs the transaction Bundle to the server's base URL. */
export async function sendTransaction(options: FhirPushOptions, bundle: FhirResource): Promise<PushOutcome> {
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': `${FHIR_JSON}; charset=utf-8`,
        accept: FHIR_JSON,
        ...(options.bearerToken === null ? {} : { authorization: `Bearer ${options.bearerToken}` }),
      },
      body: JSON.stringify(bundle),
      signal: AbortSignal.timeout(options.attemptTimeoutMs),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { ok: false, retry: true, httpStatus: null, error: `${(err as Error).name}: ${(err as Error).message}${cause ? ` (${cause})` : ''}` };
  }
  const text = await response.text().catch(() => '');
  if (response.ok) return { ok: true, httpStatus: response.status };
  return {
    ok: false,
    retry: response.status >= 500 || RETRIED_STATUS.has(response.status),
    httpStatus: response.status,
    error: `HTTP ${response.status}: ${diagnostics(text)}`.slice(0, 512),
  };
}

/** The OperationOutcome's error diagnostics when the server sent one, else the start of the body. */
function diagnostics(body: string): string {
  try {
    const outcome = JSON.parse(body) as { resourceType?: string; issue?: { severity?: string; diagnostics?: string }[] };
    if (outcome.resourceType === 'OperationOutcome' && outcome.issue?.length)
      return outcome.issue
        .filter((i) => i.severity === 'error' || i.severity === 'fatal')
        .map((i) => i.diagnostics ?? '')
        .join('; ');
  } catch {
    // not JSON: the body itself says what went wrong
  }
  return body.slice(0, 300);
}
