import type { ReferencePointSpec } from './procedure-spec';

/** CID 10025 codes used by the flavours. */
export const REFERENCE_POINTS = {
  isocenterMinus15Cm: { kind: 'code', codeValue: '113860', meaning: '15cm from Isocenter toward Source' },
  inFrontOfImageInput30Cm: { kind: 'code', codeValue: '113861', meaning: '30cm in Front of Image Input Surface' },
  philipsBelowBeamIsocenter: { kind: 'text', text: '15cm below BeamIsocenter' },
} as const satisfies Record<string, ReferencePointSpec>;
