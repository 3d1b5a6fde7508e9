import { SECURITY_ENTITIES } from '@kerma/platform';
import { AlertDelivery } from '../delivery/alert-delivery.entity';
import { WebhookSubscriber } from '../delivery/webhooks/webhook-subscriber.entity';
import { DoseAlert } from './alert.entity';
import { AlertRuleSetVersion } from './alert-rule-set.entity';
import { DoseAlertTransition } from './alert-transition.entity';
import { NotificationPatientLink } from './patient-link.entity';
import { PatientStudy } from './patient-study.entity';

/** Every entity of the notification database (its migrations cover exactly these). */
export const NOTIFICATION_ENTITIES = [
  DoseAlert,
  DoseAlertTransition,
  AlertRuleSetVersion,
  PatientStudy,
  AlertDelivery,
  WebhookSubscriber,
  NotificationPatientLink,
  ...SECURITY_ENTITIES,
];
