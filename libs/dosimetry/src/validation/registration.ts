/** A point of the film scan (pixel column x, row y) and where it lies on the unrolled phantom surface (mm). */
export interface Fiducial {
  readonly pixel: { readonly x: number; readonly y: number };
  readonly surfaceMm: { readonly x: number; readonly y: number };
}

/** Pixel → surface mm: rotation, uniform scale and translation (a film lies flat on the surface). */
export interface Registration {
  readonly mmPerPixel: number;
  readonly rotationDeg: number;
  toSurface(px: number, py: number): { x: number; y: number };
}

export class InvalidRegistrationError extends Error {
  override readonly name = 'InvalidRegistrationError';
}

/**
 * The similarity transform that carries two fiducials exactly onto their surface points: in complex
 * numbers s = a·p + b, a = (s₂ − s₁)/(p₂ − p₁), b = s₁ − a·p₁. Two points fix rotation, scale and shift;
 * a mirrored scan (film turned over) cannot be told apart and must be flipped before import.
 */
export function registerByFiducials(fiducials: readonly Fiducial[]): Registration {
  if (fiducials.length !== 2) throw new InvalidRegistrationError(`exactly two fiducials are needed, got ${fiducials.length}`);
  const [f1, f2] = fiducials;
  const dpx = f2.pixel.x - f1.pixel.x;
  const dpy = f2.pixel.y - f1.pixel.y;
  const dsx = f2.surfaceMm.x - f1.surfaceMm.x;
  const dsy = f2.surfaceMm.y - f1.surfaceMm.y;
  const den = dpx * dpx + dpy * dpy;
  if (den < 100) throw new InvalidRegistrationError('the two fiducials must be at least 10 pixels apart');
  if (Math.hypot(dsx, dsy) < 1) throw new InvalidRegistrationError('the two fiducials must be at least 1 mm apart on the surface');
  // a = (dsx + i·dsy) / (dpx + i·dpy)
  const ar = (dsx * dpx + dsy * dpy) / den;
  const ai = (dsy * dpx - dsx * dpy) / den;
  const br = f1.surfaceMm.x - (ar * f1.pixel.x - ai * f1.pixel.y);
  const bi = f1.surfaceMm.y - (ar * f1.pixel.y + ai * f1.pixel.x);
  return {
    mmPerPixel: Math.hypot(ar, ai),
    rotationDeg: (Math.atan2(ai, ar) * 180) / Math.PI,
    toSurface: (px, py) => ({ x: ar * px - ai * py + br, y: ar * py + ai * px + bi }),
  };
}
