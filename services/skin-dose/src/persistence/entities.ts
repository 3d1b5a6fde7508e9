import { SkinDoseStudy } from './skin-dose-study.entity';
import { SkinDoseValidation } from './skin-dose-validation.entity';

/** Every entity of the skin-dose database (its migrations cover exactly these). */
export const SKIN_DOSE_ENTITIES = [SkinDoseStudy, SkinDoseValidation];
