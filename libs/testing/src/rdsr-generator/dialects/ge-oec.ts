import { CONCEPT, SRT_VOCABULARY } from '../sr/codes';
import { ucum } from '../sr/content-items';
import type { Dialect } from '../sr/dialect';
import { STANDARD_DIALECT } from './standard';

/**
 * GE OEC mobile C-arm: positioner angles as NUM items without a measured value, Device Observer UID as TEXT,
 * pulse rate in `pulse/s`, tube current meaning "mA", its own capitalisation of some meanings.
 */
export const GE_OEC_DIALECT: Dialect = {
  ...STANDARD_DIALECT,
  vocabulary: SRT_VOCABULARY,
  units: { ...STANDARD_DIALECT.units, pulseRate: ucum('pulse/s', 'pulse/s') },
  tubeCurrentConcept: { ...CONCEPT.tubeCurrent, meaning: 'mA' },
  filterType: CONCEPT.wedgeFilter,
  deviceObserverUidAsText: true,
  emptyPositionerAngles: true,
  calibration: false,
  conceptMeanings: {
    '121058': 'Procedure Reported',
    '113728': 'Fluoro Dose(RP) Total',
    '113729': 'Acquisition Dose(RP) Total',
  },
};
