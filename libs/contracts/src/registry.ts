import type { EventContract } from './contract';
import { ApiKeyUsedV1, ApiKeyV1 } from './api-key';
import { AuditV1 } from './audit';
import { DoseAlertV1 } from './dose-alert';
import { RdsrReceivedV1 } from './rdsr-received';
import { SkinDoseCalculatedV1, SkinDoseCalculatedV2 } from './skin-dose-calculated';
import { StudyParsedV1, StudyParsedV2 } from './study-parsed';
import { PatientLinkV1 } from './patient-link';
import { PatientIdentityV1 } from './patient-identity';

/**
 * Every event topic of Kerma. Topic creation, AsyncAPI and the contract tests all start here. A
 * replaced version stays listed while consumers still drain it during a rolling upgrade.
 */
export const ALL_CONTRACTS: readonly EventContract<any>[] = [
  RdsrReceivedV1,
  StudyParsedV1,
  StudyParsedV2,
  PatientIdentityV1,
  SkinDoseCalculatedV1,
  SkinDoseCalculatedV2,
  DoseAlertV1,
  PatientLinkV1,
  ApiKeyV1,
  ApiKeyUsedV1,
  AuditV1,
];
