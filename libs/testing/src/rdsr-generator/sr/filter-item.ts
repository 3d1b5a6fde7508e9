import { CONCEPT, type Code } from './codes';
import { codeValue, container, num, ucum, type ContentItem } from './content-items';

const MM = ucum('mm');

/** One X-Ray Filters container (TID 10003B): type, material, minimum and maximum thickness. */
export function xrayFilterItem(type: Code, material: Code, thicknessMinMm: number, thicknessMaxMm: number): ContentItem {
  return container('CONTAINS', CONCEPT.xrayFilters, [
    codeValue('CONTAINS', CONCEPT.xrayFilterType, type),
    codeValue('CONTAINS', CONCEPT.xrayFilterMaterial, material),
    num('CONTAINS', CONCEPT.filterThicknessMinimum, thicknessMinMm, MM),
    num('CONTAINS', CONCEPT.filterThicknessMaximum, thicknessMaxMm, MM),
  ]);
}
