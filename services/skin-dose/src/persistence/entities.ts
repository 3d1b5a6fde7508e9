import { SECURITY_ENTITIES } from '@kerma/platform';
import { SkinDoseStudy } from './skin-dose-study.entity';
import { SkinDoseResultVersion } from './skin-dose-result-version.entity';
import { SkinDoseValidation } from './skin-dose-validation.entity';
import { Room } from '../rooms/room.entity';
import { RoomProfileVersion } from '../rooms/room-profile-version.entity';
import { PatientSize } from '../patient-size/patient-size.entity';
import { PendingPatientSize } from '../patient-size/pending-patient-size.entity';

/** Every entity of the skin-dose database (its migrations cover exactly these). */
export const SKIN_DOSE_ENTITIES = [
  SkinDoseStudy,
  SkinDoseResultVersion,
  Room,
  RoomProfileVersion,
  PatientSize,
  PendingPatientSize,
  SkinDoseValidation,
  ...SECURITY_ENTITIES,
];
