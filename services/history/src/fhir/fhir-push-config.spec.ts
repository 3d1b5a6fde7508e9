import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fhirPushFromEnv } from './fhir-push-config';

describe('fhirPushFromEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kerma-fhir-push-config-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('is off without KERMA_FHIR_PUSH_URL', () => {
    expect(fhirPushFromEnv({})).toBeUndefined();
  });

  it('takes the base URL (trailing slash dropped) and the token of the file', () => {
    const options = fhirPushFromEnv({ KERMA_FHIR_PUSH_URL: 'https://fhir.example.org/r4/', KERMA_FHIR_PUSH_TOKEN_FILE: file('token', 'abc.def\n') });
    expect(options).toMatchObject({ url: 'https://fhir.example.org/r4', bearerToken: 'abc.def' });
    expect(fhirPushFromEnv({ KERMA_FHIR_PUSH_URL: 'http://127.0.0.1:8090/fhir' })?.bearerToken).toBeNull();
  });

  it.each([
    [{ KERMA_FHIR_PUSH_URL: 'fhir.example.org' }, /KERMA_FHIR_PUSH_URL must be an absolute/],
    [{ KERMA_FHIR_PUSH_URL: 'ftp://fhir.example.org' }, /KERMA_FHIR_PUSH_URL must be http or https/],
    [{ KERMA_FHIR_PUSH_URL: 'https://user:pw@fhir.example.org' }, /no query, fragment or credentials/],
    [{ KERMA_FHIR_PUSH_URL: 'https://fhir.example.org?_format=json' }, /no query, fragment or credentials/],
    [{ KERMA_FHIR_PUSH_TOKEN_FILE: '/tmp/x' }, /KERMA_FHIR_PUSH_TOKEN_FILE is set without KERMA_FHIR_PUSH_URL/],
    [{ KERMA_FHIR_PUSH_URL: 'https://f.example', KERMA_FHIR_PUSH_TOKEN_FILE: join(dir, 'missing') }, /KERMA_FHIR_PUSH_TOKEN_FILE: cannot read/],
    [{ KERMA_FHIR_PUSH_URL: 'https://f.example', KERMA_FHIR_PUSH_TOKEN_FILE: file('empty', ' \n') }, /is empty/],
    [{ KERMA_FHIR_PUSH_URL: 'https://f.example', KERMA_FHIR_PUSH_TOKEN_FILE: file('two', 'a b') }, /one token/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => fhirPushFromEnv(env)).toThrow(message);
  });
});
