import type { AcquisitionPlane } from '../model/procedure';
import { Accumulated, Plane, type Concept } from '../sr/codes';
import type { ContentItem } from '../sr/content-item';
import { codeValue } from '../sr/values';

const PLANES: readonly (readonly [Concept, AcquisitionPlane])[] = [
  [Plane.a, 'A'],
  [Plane.b, 'B'],
  [Plane.single, 'single'],
];

/** Acquisition Plane (113764, CID 10003) of an accumulated or event container. */
export function readPlane(container: ContentItem): AcquisitionPlane {
  const code = codeValue(container, Accumulated.acquisitionPlane);
  if (code === null) return 'unknown';
  return PLANES.find(([c]) => c.keys.has(code.key))?.[1] ?? 'unknown';
}
