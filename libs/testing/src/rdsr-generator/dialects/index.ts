import type { RdsrVendor } from '../procedure-spec';
import type { Dialect } from '../sr/dialect';
import { CANON_DIALECT } from './canon';
import { GE_OEC_DIALECT } from './ge-oec';
import { PHILIPS_ALLURA_DIALECT, PHILIPS_AZURION_DIALECT } from './philips';
import { SIEMENS_DIALECT } from './siemens';
import { ENHANCED_DIALECT, STANDARD_DIALECT } from './standard';

export const DIALECTS: Readonly<Record<RdsrVendor, Dialect>> = {
  standard: STANDARD_DIALECT,
  enhanced: ENHANCED_DIALECT,
  siemens: SIEMENS_DIALECT,
  'philips-allura': PHILIPS_ALLURA_DIALECT,
  'philips-azurion': PHILIPS_AZURION_DIALECT,
  'ge-oec': GE_OEC_DIALECT,
  canon: CANON_DIALECT,
};
