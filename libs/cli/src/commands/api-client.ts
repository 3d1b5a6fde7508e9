import { authorizationHeader } from './access-token';

/** Calls a Kerma API route; the parsed JSON answer, or an error carrying Kerma's own message. */
export async function callKerma<T>(
  baseUrl: string,
  path: string,
  init: { method?: string; body?: string; contentType?: string; token?: string; timeoutMs?: number } = {},
): Promise<T> {
  const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...authorizationHeader(init.token), ...(init.contentType ? { 'content-type': init.contentType } : {}) },
    body: init.body,
    signal: AbortSignal.timeout(init.timeoutMs ?? 60_000),
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = (body as { message?: unknown } | null)?.message;
    throw new Error(
      `Kerma answered HTTP ${response.status}: ${typeof message === 'string' ? message : Array.isArray(message) ? message.join('; ') : text.slice(0, 300)}`,
    );
  }
  return body as T;
}

/** Runs a command body, printing `kerma <name>: <reason>` and exit code 1 on failure. */
export async function reportFailure(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    const error = err as Error & { cause?: { code?: string } };
    process.stderr.write(`kerma ${name}: ${error.message}${error.cause?.code ? ` (${error.cause.code})` : ''}\n`);
    process.exitCode = 1;
  }
}
