export type { Phantom, PhantomKind, BodyTarget, Vec3 } from './phantom';
export { InvalidPhantomError } from './phantom';
export { buildPlanePhantom, DEFAULT_PLANE, type PlaneDimensions } from './plane';
export { buildCylinderPhantom, DEFAULT_CYLINDER, type CylinderDimensions } from './cylinder';
export { buildHumanPhantom, scaleHumanPhantom, REFERENCE_BODY, type HumanBody, type HumanDimensions } from './human';
