import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

/**
 * The status codes each route actually answers (read from its controller and services). Every route
 * is behind the auth guard and its per-client rate limit (401, 403, 429) except the probes and metrics;
 * routes reading a JSON body refuse one above the limit (413).
 */
const GUARD = [401, 403, 429];
const EXPECTED: Record<string, readonly number[]> = {
  'GET /health': [200],
  'GET /health/ready': [200, 503],
  'GET /metrics': [200],
  'POST /dicomweb/studies': [200, 202, 400, 409, 413, 415, 503, ...GUARD],
  'POST /dicomweb/studies/{studyInstanceUid}': [200, 202, 400, 409, 413, 415, 503, ...GUARD],
  'GET /api/v1/instances': [200, 400, ...GUARD],
  'GET /api/v1/instances/{id}': [200, 400, 404, ...GUARD],
  'GET /api/v1/instances/{id}/file': [200, 400, 404, ...GUARD],
  'GET /api/v1/quarantine': [200, 400, ...GUARD],
  'GET /api/v1/quarantine/{id}': [200, 400, 404, ...GUARD],
  'GET /api/v1/quarantine/{id}/file': [200, 400, 404, ...GUARD],
  'POST /api/v1/quarantine/{id}:resolve': [200, 400, 404, 409, 413, ...GUARD],
  'POST /api/v1/studies/{studyInstanceUid}:reprocess': [202, 404, ...GUARD],
  'POST /api/v1/reprocess': [202, 400, 413, ...GUARD],
  'GET /api/v1/studies': [200, 400, ...GUARD],
  'GET /api/v1/analytics/drl': [200, 400, ...GUARD],
  'GET /api/v1/analytics/drl.csv': [200, 400, ...GUARD],
  'GET /api/v1/analytics/drl.xlsx': [200, 400, ...GUARD],
  'GET /api/v1/exports/studies.csv': [200, 400, ...GUARD],
  'POST /api/v1/dose-figures/manual-entries': [200, 400, 413, 415, ...GUARD],
  'GET /api/v1/exports/studies.xlsx': [200, 400, ...GUARD],
  'GET /api/v1/studies/{studyInstanceUid}': [200, 404, ...GUARD],
  'GET /api/v1/studies/{studyInstanceUid}/versions': [200, 404, ...GUARD],
  'GET /fhir/studies/{studyInstanceUid}/radiation-dose-summary': [200, 400, 404, 409, ...GUARD],
  'GET /api/v1/studies/{studyInstanceUid}/skin-dose': [200, 404, ...GUARD],
  'GET /api/v1/studies/{studyInstanceUid}/skin-dose/map.png': [200, 404, 409, ...GUARD],
  'GET /api/v1/studies/{studyInstanceUid}/skin-dose/map.svg': [200, 404, 409, ...GUARD],
  'POST /api/v1/studies/{studyInstanceUid}/skin-dose:recompute': [200, 404, 409, ...GUARD],
  'POST /api/v1/studies/{studyInstanceUid}/patient-size': [200, 400, 404, 409, 413, 415, ...GUARD],
  'POST /api/v1/patient-sizes': [200, 400, 413, 415, ...GUARD],
  'GET /api/v1/rooms': [200, 400, ...GUARD],
  'GET /api/v1/rooms/{roomId}': [200, 404, ...GUARD],
  'PUT /api/v1/rooms/{roomId}/commissioning': [200, 400, 404, 413, ...GUARD],
  'POST /api/v1/rooms/{roomId}:recompute': [200, 404, ...GUARD],
  'POST /api/v1/studies/{studyInstanceUid}/skin-dose/validations': [201, 400, 404, 409, 413, ...GUARD],
  'GET /api/v1/studies/{studyInstanceUid}/skin-dose/validations': [200, 404, ...GUARD],
  'GET /api/v1/patients/{patientId}/dose-history': [200, 400, 404, 409, ...GUARD],
  'GET /api/v1/patients/{patientId}/skin-dose': [200, 400, 404, 409, ...GUARD],
  'GET /api/v1/patients/{patientId}/skin-dose/map.png': [200, 400, 404, 409, ...GUARD],
  'GET /api/v1/patients/{patientId}/skin-dose/map.svg': [200, 400, 404, 409, ...GUARD],
  'GET /api/v1/patients/{patientId}/dose-summary': [200, 400, 404, 409, ...GUARD],
  'GET /api/v1/patient-links': [200, 400, ...GUARD],
  'GET /api/v1/patient-links/{linkId}': [200, 404, ...GUARD],
  'POST /api/v1/patient-links': [201, 400, 404, 409, 413, ...GUARD],
  'POST /api/v1/patient-links/{linkId}:unlink': [200, 400, 404, 409, 413, ...GUARD],
  'GET /api/v1/alerts': [200, 400, ...GUARD],
  'GET /api/v1/alerts/{alertId}': [200, 404, ...GUARD],
  'POST /api/v1/alerts/{alertId}/acknowledge': [200, 400, 404, 409, 413, ...GUARD],
  'POST /api/v1/alerts/{alertId}/inform-patient': [200, 400, 404, 409, 413, ...GUARD],
  'POST /api/v1/alerts/{alertId}/schedule-skin-check': [200, 400, 404, 409, 413, ...GUARD],
  'POST /api/v1/alerts/{alertId}/close': [200, 400, 404, 409, 413, ...GUARD],
  'GET /api/v1/alert-rules': [200, ...GUARD],
  'GET /api/v1/alert-rules/versions': [200, ...GUARD],
  'PUT /api/v1/alert-rules': [200, 400, 413, ...GUARD],
  'POST /api/v1/webhooks': [201, 400, 413, ...GUARD],
  'GET /api/v1/webhooks': [200, 400, ...GUARD],
  'GET /api/v1/webhooks/{id}': [200, 400, 404, ...GUARD],
  'DELETE /api/v1/webhooks/{id}': [204, 400, 404, ...GUARD],
  'POST /api/v1/webhooks/{id}/rotate-secret': [200, 400, 404, 413, ...GUARD],
  'GET /api/v1/alert-deliveries': [200, 400, ...GUARD],
  'POST /api/v1/alert-deliveries/{id}/replay': [200, 400, 404, 409, ...GUARD],
  'POST /api/v1/api-keys': [201, 400, 413, 503, ...GUARD],
  'GET /api/v1/api-keys': [200, 400, ...GUARD],
  'POST /api/v1/api-keys/{id}:revoke': [200, 404, 503, ...GUARD],
  'GET /api/v1/audit': [200, 400, ...GUARD],
};

interface Operation {
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

describe('OpenAPI document of the single-process app', () => {
  let kerma: TemporaryKerma;
  let operations: Map<string, Operation>;

  beforeAll(async () => {
    kerma = await startTemporaryKerma('openapi');
    const response = await fetch(`${kerma.url}/api/docs-json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, Record<string, Operation>> };
    operations = new Map(
      Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as const),
      ),
    );
  }, 60_000);

  afterAll(async () => {
    await kerma?.stop();
  });

  it('documents exactly the routes the app serves', () => {
    expect([...operations.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('documents, for every route, exactly the status codes it answers', () => {
    for (const [route, op] of operations) expect([route, Object.keys(op.responses).map(Number).sort()]).toEqual([route, [...(EXPECTED[route] ?? [])].sort()]);
  });

  it('gives every response a body schema (none for 204 No Content) and a description', () => {
    for (const [route, op] of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        const schemas = Object.values(response.content ?? {}).map((c) => c.schema);
        const described = status === '204' ? schemas.length === 0 : schemas.length > 0 && schemas.every(Boolean);
        expect([route, status, described, Boolean(response.description)]).toEqual([route, status, true, true]);
      }
    }
  });

  it('STOW answers 200, 202 and 409 as DICOM JSON, never 201', () => {
    const stow = operations.get('POST /dicomweb/studies')!;
    expect(stow.responses['201']).toBeUndefined();
    for (const status of ['200', '202', '409']) expect(Object.keys(stow.responses[status]!.content!)).toEqual(['application/dicom+json']);
  });
});
