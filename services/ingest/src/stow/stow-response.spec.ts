import type { IntakeResult } from '../intake/intake.service';
import type { StoredObject } from '../persistence/stored-object.entity';
import { FAILURE_REASON } from '../intake/rejection';
import { stowResponse } from './stow-response';

const object = { id: 'id-1', sopClassUid: '1.2.840.10008.5.1.4.1.1.88.67', sopInstanceUid: '1.2.3', sha256: 'x' } as StoredObject;
const stored: IntakeResult = { status: 'stored', object };
const rejected: IntakeResult = { status: 'rejected', rejection: { code: 'truncated', message: 'the file ends inside element (0040,A730)', dicomFailureReason: FAILURE_REASON.cannotUnderstand } };

describe('stowResponse (PS3.18 STOW-RS)', () => {
  it('answers 200 with the Referenced SOP Sequence when everything was stored', () => {
    const { status, body } = stowResponse([stored], 'http://kerma');
    expect(status).toBe(200);
    expect(body['00081199'].Value).toEqual([
      { '00081150': { vr: 'UI', Value: [object.sopClassUid] }, '00081155': { vr: 'UI', Value: ['1.2.3'] }, '00081190': { vr: 'UR', Value: ['http://kerma/api/v1/instances/id-1/file'] } },
    ]);
    expect(body['00081198']).toBeUndefined();
  });

  it('answers 409 with the Failure Reason and Kerma\'s precise reason when nothing was stored', () => {
    const { status, body } = stowResponse([rejected], 'http://kerma');
    expect(status).toBe(409);
    const item = body['00081198'].Value![0] as Record<string, { Value: unknown[] }>;
    expect(item['00081197'].Value).toEqual([0xc000]);
    expect(item['00090010'].Value).toEqual(['KERMA 1.0']);
    expect(item['00091001'].Value).toEqual(['truncated']);
    expect(item['00091002'].Value[0]).toContain('(0040,A730)');
  });

  it('answers 202 for a partly stored request', () => {
    expect(stowResponse([stored, rejected], 'http://kerma').status).toBe(202);
  });

  it('marks a duplicate as stored, with the reason it was not processed again', () => {
    const { status, body } = stowResponse([{ status: 'duplicate', object, sameContent: false }], 'http://kerma');
    expect(status).toBe(200);
    const item = body['00081199'].Value![0] as Record<string, { Value: unknown[] }>;
    expect(item['00091001'].Value).toEqual(['duplicate']);
    expect(item['00091002'].Value[0]).toMatch(/original was kept/);
  });
});
