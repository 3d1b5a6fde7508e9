export type { SkinDoseMapFigure } from './figure';
export { studyMapFigure, studyMapContextOf, type StudyMapContext, type StudyMapResult } from './study-figure';
export { cumulativeMapFigure, type CumulativeMapWindow } from './cumulative-figure';
export { renderSkinDoseMapSvg } from './render-svg';
export { isodoseLoops, type ContourLoop } from './contours';
export { CLINICAL_THRESHOLDS_GY, RELATIVE_LEVELS, viridis, scaleTopGy } from './colour-scale';
