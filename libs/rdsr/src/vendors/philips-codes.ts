import { concept } from '../sr/codes';

/** Private concepts of the Philips interventional X-ray systems (coding scheme 99PHI-IXR-XPER). */
const phi = (name: string, value: string) => concept(name, ['99PHI-IXR-XPER', value]);

export const PhilipsXper = {
  wedgesAndShutters: phi('Wedges and Shutters', '005'),
  bottomShutter: phi('Bottom Shutter', '006'),
  leftShutter: phi('Left Shutter', '007'),
  rightShutter: phi('Right Shutter', '008'),
  topShutter: phi('Top Shutter', '009'),
  finalDistanceSourceToDetector: phi('Final Distance Source to Detector', '018'),
  finalTableHeightPosition: phi('Final Table Height Position', '020'),
  tableHeightPosition: phi('Table Height Position', '021'),
  detectorFieldSize: phi('Detector Field Size', '023'),
  detectorFieldXSide: phi('X side', '024'),
  detectorFieldYSide: phi('Y side', '025'),
} as const;
