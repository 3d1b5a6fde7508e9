import { randomUUID } from 'node:crypto';
import { ContractViolationError } from '../contract';
import { PatientLinkV1, patientLinkKey, type PatientIdentity } from './patient-link.v1';

const a: PatientIdentity = { site: 'site-a', issuer: 'H1', patientId: '123' };
const b: PatientIdentity = { site: 'site-b', issuer: null, patientId: '987' };
const event = (identities: [PatientIdentity, PatientIdentity], action: 'linked' | 'unlinked' = 'linked') => ({
  eventId: randomUUID(),
  occurredAt: '2026-12-01T10:00:00.000Z',
  linkId: randomUUID(),
  action,
  identities,
  by: 'admin-a',
  at: '2026-12-01T10:00:00.000Z',
  reason: 'same person, two registrations',
});

describe('kerma.patient-link.v1', () => {
  it('keys a link and its unlink alike, whatever the order of the identities, and never shows an id', () => {
    expect(PatientLinkV1.key(PatientLinkV1.parse(event([a, b])))).toBe(PatientLinkV1.key(PatientLinkV1.parse(event([b, a], 'unlinked'))));
    expect(patientLinkKey([a, b])).toMatch(/^[0-9a-f]{64}$/);
    expect(patientLinkKey([a, b])).not.toBe(patientLinkKey([a, { ...b, site: 'site-c' }]));
    // Ids containing the separator cannot be confused with another pair.
    expect(patientLinkKey([{ ...a, patientId: '1|2' }, b])).not.toBe(
      patientLinkKey([
        { ...a, patientId: '1' },
        { ...b, patientId: '2' },
      ]),
    );
  });

  it('refuses a link of an identity with itself, a missing reason and an unknown action', () => {
    expect(() => PatientLinkV1.parse(event([a, { ...a }]))).toThrow(ContractViolationError);
    expect(() => PatientLinkV1.parse({ ...event([a, b]), reason: '' })).toThrow(/reason/);
    expect(() => PatientLinkV1.parse({ ...event([a, b]), action: 'merged' })).toThrow(/action/);
  });
});
