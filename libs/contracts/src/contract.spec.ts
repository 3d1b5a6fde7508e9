import { randomUUID } from 'node:crypto';
import { ContractViolationError } from './contract';
import { patientKey } from './common/patient-key';
import { DoseAlertV1 } from './dose-alert';
import { RdsrReceivedV1, type RdsrReceivedV1 as RdsrReceived } from './rdsr-received';
import { ALL_CONTRACTS } from './registry';

function received(overrides: Partial<RdsrReceived> = {}): RdsrReceived {
  return {
    eventId: randomUUID(),
    occurredAt: '2026-11-27T10:00:00.000Z',
    objectId: randomUUID(),
    site: 'site-a',
    sopClassUid: '1.2.840.10008.5.1.4.1.1.88.67',
    sopInstanceUid: '1.2.3.4',
    studyInstanceUid: '1.2.3',
    patient: { id: 'P1', issuer: 'H1', key: patientKey({ site: 'site-a', patientId: 'P1', issuer: 'H1', studyInstanceUid: '1.2.3' }) },
    sha256: 'a'.repeat(64),
    sizeBytes: 10,
    source: 'stow',
    receivedAt: '2026-11-27T10:00:00.000Z',
    retrieveUrl: 'http://ingest:3001/api/v1/instances/x/file',
    ...overrides,
  };
}

describe('event contracts', () => {
  it('name topics kerma.<event>.v<version> with a .dlq companion', () => {
    expect(RdsrReceivedV1.topic).toBe('kerma.rdsr.received.v1');
    expect(RdsrReceivedV1.deadLetterTopic).toBe('kerma.rdsr.received.v1.dlq');
    const topics = ALL_CONTRACTS.flatMap((c) => [c.topic, c.deadLetterTopic]);
    expect(new Set(topics).size).toBe(ALL_CONTRACTS.length * 2);
  });

  it('accept a valid payload and return it', () => {
    const payload = received();
    expect(RdsrReceivedV1.parse(payload)).toEqual(payload);
  });

  it('reject an invalid payload, naming each offending field', () => {
    const bad = { ...received(), sopInstanceUid: 'not a uid', sizeBytes: -1 };
    expect(() => RdsrReceivedV1.parse(bad)).toThrow(ContractViolationError);
    try {
      RdsrReceivedV1.parse(bad);
    } catch (err) {
      const issues = (err as ContractViolationError).issues.join('\n');
      expect(issues).toContain('sopInstanceUid');
      expect(issues).toContain('sizeBytes');
    }
  });

  it('key every event of one patient identically, and never with the patient id in clear', () => {
    const a = received();
    const b = received({ sopInstanceUid: '1.2.3.5' });
    expect(RdsrReceivedV1.key(a)).toBe(RdsrReceivedV1.key(b));
    expect(RdsrReceivedV1.key(a)).not.toContain('P1');
  });

  it('reject an alert whose metric is unknown', () => {
    expect(() =>
      DoseAlertV1.parse({
        eventId: randomUUID(),
        occurredAt: '2026-11-27T10:00:00.000Z',
        alertId: randomUUID(),
        site: 's',
        patient: received().patient,
        studyInstanceUid: '1.2',
        metric: 'effective-dose',
        measured: { value: 1, unit: 'Sv' },
        threshold: { value: 1, unit: 'Sv' },
        level: 'srdl',
        rule: { id: 'x', description: 'x', reference: 'x' },
        raisedAt: '2026-11-27T10:00:00.000Z',
      }),
    ).toThrow(/metric/);
  });
});

describe('patientKey', () => {
  const base = { site: 'a', patientId: '123', issuer: 'H', studyInstanceUid: '1.2.3' };
  it('separates sites and issuers that reuse a patient id', () => {
    expect(patientKey(base)).not.toBe(patientKey({ ...base, site: 'b' }));
    expect(patientKey(base)).not.toBe(patientKey({ ...base, issuer: 'K' }));
  });
  it('falls back to the study when there is no patient id', () => {
    const noId = { ...base, patientId: null };
    expect(patientKey(noId)).toBe(patientKey({ ...noId, site: 'other' }));
    expect(patientKey(noId)).not.toBe(patientKey({ ...noId, studyInstanceUid: '9.9' }));
  });
});
