import type { IntakeResult } from '../intake/intake.service';
import type { QuarantinedObject } from '../persistence/quarantined-object.entity';
import type { StoredObject } from '../persistence/stored-object.entity';
import { FAILURE_REASON } from '../intake/rejection';
import { stowResponse } from './stow-response';

const object = { id: 'id-1', sopClassUid: '1.2.840.10008.5.1.4.1.1.88.67', sopInstanceUid: '1.2.3', studyInstanceUid: '1.2.4', sha256: 'x' } as StoredObject;
const stored: IntakeResult = { status: 'stored', object };
const rejected: IntakeResult = {
  status: 'rejected',
  rejection: { code: 'truncated', message: 'the file ends inside element (0040,A730)', dicomFailureReason: FAILURE_REASON.cannotUnderstand },
};

describe('stowResponse (PS3.18 STOW-RS)', () => {
  it('answers 200 with the Referenced SOP Sequence when everything was stored', () => {
    const { status, body } = stowResponse([stored], 'http://kerma');
    expect(status).toBe(200);
    expect(body['00081199'].Value).toEqual([
      {
        '00081150': { vr: 'UI', Value: [object.sopClassUid] },
        '00081155': { vr: 'UI', Value: ['1.2.3'] },
        '00081190': { vr: 'UR', Value: ['http://kerma/api/v1/instances/id-1/file'] },
        '0020000D': { vr: 'UI', Value: ['1.2.4'] },
        '00090010': { vr: 'LO', Value: ['KERMA 1.0'] },
        '00091004': { vr: 'IS', Value: [1] },
      },
    ]);
    expect(body['00081198']).toBeUndefined();
  });

  it('numbers the request part each item is about (0009,1004), whichever sequence holds it', () => {
    const { body } = stowResponse([rejected, stored, { status: 'duplicate', object }, rejected], 'http://kerma');
    const parts = (sequence: string) => (body[sequence].Value as Record<string, { Value: unknown[] }>[]).map((item) => item['00091004'].Value[0]);
    expect(parts('00081199')).toEqual([2, 3]);
    expect(parts('00081198')).toEqual([1, 4]);
  });

  it("answers 409 with the Failure Reason and Kerma's precise reason when nothing was stored", () => {
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

  it('marks an identical re-send as stored, with the reason it was not processed again', () => {
    const { status, body } = stowResponse([{ status: 'duplicate', object }], 'http://kerma');
    expect(status).toBe(200);
    const item = body['00081199'].Value![0] as Record<string, { Value: unknown[] }>;
    expect(item['00091001'].Value).toEqual(['duplicate']);
    expect(item['00091002'].Value[0]).toMatch(/not processed again/);
  });

  it('answers a different object under a stored SOP Instance UID as a failure (0111H), naming its quarantine record', () => {
    const quarantine = { id: 'q-1', sopClassUid: object.sopClassUid, sopInstanceUid: '1.2.3', studyInstanceUid: '1.2.9' } as QuarantinedObject;
    const { status, body } = stowResponse([{ status: 'quarantined', original: object, quarantine }], 'http://kerma');
    expect(status).toBe(409);
    const item = body['00081198'].Value![0] as Record<string, { Value: unknown[] }>;
    expect(item['00081197'].Value).toEqual([0x0111]);
    expect(item['00091001'].Value).toEqual(['conflicting-duplicate']);
    expect(item['00091003'].Value).toEqual(['http://kerma/api/v1/quarantine/q-1']);
    expect(item['0020000D'].Value).toEqual(['1.2.9']);
    expect(stowResponse([stored, { status: 'quarantined', original: object, quarantine }], 'http://kerma').status).toBe(202);
  });

  it('names the Study Instance UID of each stored object', () => {
    const item = stowResponse([stored], 'http://kerma').body['00081199'].Value![0] as Record<string, { Value: unknown[] }>;
    expect(item['0020000D'].Value).toEqual([object.studyInstanceUid]);
  });
});
