import { Init1795772228157 } from './1795772228157-Init';
import { AlertDelivery1796118537194 } from './1796118537194-AlertDelivery';
import { FollowUp1796118797046 } from './1796118797046-FollowUp';
import { Security1796126069903 } from './1796126069903-Security';
import { PatientLinks1796126190295 } from './1796126190295-PatientLinks';
import { PatientStudyIdentity1796137600000 } from './1796137600000-PatientStudyIdentity';
import { PatientStudyMetrics1796160000000 } from './1796160000000-PatientStudyMetrics';

/** In order; PostgreSQL only (the SQLite quickstart synchronizes from the entities). */
export const NOTIFICATION_MIGRATIONS: Function[] = [
  Init1795772228157,
  AlertDelivery1796118537194,
  FollowUp1796118797046,
  Security1796126069903,
  PatientLinks1796126190295,
  PatientStudyIdentity1796137600000,
  PatientStudyMetrics1796160000000,
];
