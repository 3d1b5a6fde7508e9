import { readFileSync } from 'node:fs';
import { ConfigError } from '@kerma/platform';
import { DEFAULT_FHIR_PUSH_TIMING, type FhirPushOptions } from './fhir-push-options';

/**
 * KERMA_FHIR_PUSH_URL (the FHIR server's base URL, http or https) and KERMA_FHIR_PUSH_TOKEN_FILE (a file holding a
 * bearer token), validated at start-up. No URL: no push (undefined).
 */
export function fhirPushFromEnv(source: NodeJS.ProcessEnv = process.env): FhirPushOptions | undefined {
  const raw = source.KERMA_FHIR_PUSH_URL?.trim();
  const tokenFile = source.KERMA_FHIR_PUSH_TOKEN_FILE?.trim();
  if (!raw) {
    if (tokenFile) throw new ConfigError(['KERMA_FHIR_PUSH_TOKEN_FILE is set without KERMA_FHIR_PUSH_URL: set both, or neither']);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError([`KERMA_FHIR_PUSH_URL must be an absolute http(s) URL, the FHIR server's base (got "${raw}")`]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError([`KERMA_FHIR_PUSH_URL must be http or https (got ${url.protocol})`]);
  if (url.search || url.hash || url.username || url.password)
    throw new ConfigError(['KERMA_FHIR_PUSH_URL must be a plain base URL: no query, fragment or credentials (use KERMA_FHIR_PUSH_TOKEN_FILE)']);
  return { url: url.toString().replace(/\/+$/, ''), bearerToken: tokenFile ? readToken(tokenFile) : null, ...DEFAULT_FHIR_PUSH_TIMING };
}

function readToken(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`KERMA_FHIR_PUSH_TOKEN_FILE: cannot read ${file}: ${(err as Error).message}`]);
  }
  const token = text.trim();
  if (!token) throw new ConfigError([`KERMA_FHIR_PUSH_TOKEN_FILE: ${file} is empty`]);
  if (/\s/.test(token)) throw new ConfigError([`KERMA_FHIR_PUSH_TOKEN_FILE: ${file} must hold one token (no spaces or line breaks)`]);
  return token;
}
