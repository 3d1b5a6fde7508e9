import { CONCEPT } from '../sr/codes';
import { ucum } from '../sr/content-items';
import type { Dialect } from '../sr/dialect';
import { STANDARD_DIALECT } from './standard';

/**
 * Canon (Toshiba) Alphenix / Ultimax: Dose (RP) in mGy, DAP in dGy.cm2, Irradiation Duration in ms, and
 * Has Intent, Study Instance UID and Orientation Modifier written beside their parent item instead of under it.
 */
export const CANON_DIALECT: Dialect = {
  ...STANDARD_DIALECT,
  units: {
    ...STANDARD_DIALECT.units,
    dap: ucum('dGy.cm2', 'dGy.cm2', 1e5),
    doseRp: ucum('mGy', 'mGy', 1000),
    irradiationDuration: ucum('ms', 'ms', 1000),
  },
  filterType: CONCEPT.flatFilter,
  childrenAsSiblings: true,
};
