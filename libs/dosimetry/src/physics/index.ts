export { estimateHvl, type HvlEstimate } from './hvl';
export { mediumCorrection } from './medium';
export {
  backscatterFactor,
  backscatterCurve,
  evaluateBackscatter,
  backscatterIntervalOf,
  backscatterAtTabulatedSide,
  type BackscatterCurve,
} from './backscatter';
export { inverseSquareFactor } from './inverse-square';
export { interpolateTransmission, obliqueTransmission, type TransmissionPoint } from './transmission';
