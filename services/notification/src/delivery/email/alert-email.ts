import type { DoseAlertV1 } from '@kerma/contracts';
import { roundForOutput } from '@kerma/dosimetry';
import { INITIAL_STATE } from '../alert-state';

export interface AlertEmail {
  readonly subject: string;
  readonly text: string;
}

/**
 * The e-mail of one alert state. E-mail leaves the hospital's control (relays, mailboxes, phones):
 * it carries no patient name or id, neither in the subject nor in the body; only the study instance
 * UID, site, metric, measured value, threshold, level, rule and a link to the study in Kerma, where
 * an authorised reader sees the patient.
 */
export function alertEmailOf(alert: DoseAlertV1, state: string, deliveryId: string, linkBaseUrl: string | null): AlertEmail {
  const measured = `${roundForOutput(alert.measured.value)} ${alert.measured.unit}`;
  const stateLabel = state === INITIAL_STATE ? '' : ` [${state}]`;
  const subject = `Kerma dose alert${stateLabel}: ${alert.metric} ${measured} (${alert.level}) at site ${alert.site}`;
  const lines = [
    `A dose alert of site ${alert.site} is ${state}.`,
    '',
    `Study instance UID: ${alert.studyInstanceUid}`,
    `Site: ${alert.site}`,
    `Metric: ${alert.metric}`,
    `Measured: ${measured}`,
    `Threshold: ${roundForOutput(alert.threshold.value)} ${alert.threshold.unit}`,
    `Level: ${alert.level}`,
    `Rule: ${alert.rule.description} (${alert.rule.reference})`,
    `Raised at: ${alert.raisedAt}`,
    ...(linkBaseUrl ? [`Study in Kerma: ${linkBaseUrl.replace(/\/+$/, '')}/api/v1/studies/${alert.studyInstanceUid}`] : []),
    '',
    `Alert id: ${alert.alertId}`,
    `Delivery id: ${deliveryId}`,
  ];
  return { subject, text: `${lines.join('\n')}\n` };
}
