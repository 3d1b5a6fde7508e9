import type { DoseAlertV1 } from '@kerma/contracts';
import { alertEmailOf } from './alert-email';

const ALERT: DoseAlertV1 = {
  eventId: '5f0c3b1e-4b7a-5c3e-9a1f-2b6d8e0c4a11',
  occurredAt: '2026-12-01T10:00:00.000Z',
  alertId: '8a3c8f5e-6d0f-5b3c-9c4c-0d6a3b9e2f11',
  site: 'cath-1',
  patient: { id: 'PAT-SECRET-42', issuer: 'HOSP-ISSUER', key: 'k'.repeat(64) },
  studyInstanceUid: '1.2.826.0.1.3680043.8.498.1',
  metric: 'peak-skin-dose',
  measured: { value: 4.123456789, unit: 'Gy' },
  threshold: { value: 3, unit: 'Gy' },
  level: 'srdl',
  rule: { id: 'srdl.peak-skin-dose', description: 'Peak skin dose at or above 3 Gy', reference: 'NCRP Report 168 (2010)' },
  raisedAt: '2026-12-01T10:00:00.000Z',
};

describe('alertEmailOf', () => {
  it('carries study UID, site, metric, value, level and link, and no patient id or issuer anywhere', () => {
    const mail = alertEmailOf(ALERT, 'open', 'd-1', 'https://kerma.example.org/');
    expect(mail.subject).toBe('Kerma dose alert: peak-skin-dose 4.123 Gy (srdl) at site cath-1');
    expect(mail.text).toContain('Study instance UID: 1.2.826.0.1.3680043.8.498.1');
    expect(mail.text).toContain('Threshold: 3 Gy');
    expect(mail.text).toContain('Study in Kerma: https://kerma.example.org/api/v1/studies/1.2.826.0.1.3680043.8.498.1');
    expect(mail.text).toContain('Delivery id: d-1');
    for (const part of [mail.subject, mail.text]) {
      expect(part).not.toContain('PAT-SECRET-42');
      expect(part).not.toContain('HOSP-ISSUER');
      expect(part).not.toContain(ALERT.patient.key);
    }
  });

  it('names a later state in the subject, and has no link without a base URL', () => {
    const mail = alertEmailOf(ALERT, 'acknowledged', 'd-2', null);
    expect(mail.subject).toContain('[acknowledged]');
    expect(mail.text).not.toContain('Study in Kerma');
  });
});
