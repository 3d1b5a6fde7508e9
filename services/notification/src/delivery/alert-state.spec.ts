import type { DoseAlertV1 } from '@kerma/contracts';
import { alertStateOf, deliveryIdOf, eventTypeOf } from './alert-state';

describe('alert states and delivery ids', () => {
  const alert = { alertId: '8a3c8f5e-6d0f-5b3c-9c4c-0d6a3b9e2f11' } as DoseAlertV1;

  it('takes an event without a state as "open" (its first state), and a state when the event has one', () => {
    expect(alertStateOf(alert)).toBe('open');
    expect(alertStateOf({ ...alert, state: 'acknowledged' } as DoseAlertV1)).toBe('acknowledged');
    expect(eventTypeOf('acknowledged')).toBe('dose-alert.acknowledged');
  });

  it('gives one stable delivery id per (alert, state)', () => {
    const open = deliveryIdOf(alert.alertId, 'open');
    expect(open).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deliveryIdOf(alert.alertId, 'open')).toBe(open);
    expect(deliveryIdOf(alert.alertId, 'acknowledged')).not.toBe(open);
    expect(deliveryIdOf('f3c1f4a2-0000-5000-8000-000000000000', 'open')).not.toBe(open);
  });
});
