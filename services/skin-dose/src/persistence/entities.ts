import { SECURITY_ENTITIES } from '@kerma/platform';
import { SkinDoseStudy } from './skin-dose-study.entity';

/** Every entity of the skin-dose database (its migrations cover exactly these). */
export const SKIN_DOSE_ENTITIES = [SkinDoseStudy, ...SECURITY_ENTITIES];
