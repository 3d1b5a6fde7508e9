import { testEvent } from '../../test/procedure-builder';
import { resolveReferenceDistance } from './reference-point';

/** DSI 750 mm, DSD 1100 mm, table top 650 mm from the source. */
const G = { distanceSourceToIsocenterMm: 750, distanceSourceToDetectorMm: 1100, distanceSourceToTableTopMm: 650 };
const fromText = (text: string) => resolveReferenceDistance(testEvent({ referencePointCode: null, referencePointText: text }), null, G, undefined);

describe('reference point free text: the forms vendors write', () => {
  it.each([
    ['530 mm from tube focus towards detector', 530],
    ['53 cm from focus', 530],
    ['53,5 cm from the X-ray source', 535],
    ['620mm from focal spot', 620],
    ['15cm below BeamIsocenter', 600],
    ['15 cm from Isocenter toward Source', 600],
    ['150 mm below isocentre', 600],
    ['10 cm above isocenter', 850],
    ['30cm in Front of Image Input Surface', 800],
    ['300 mm in front of the detector', 800],
    ['30 cm from image receptor', 800],
    ['Isocenter', 750],
    ['at the isocentre', 750],
    ['In Detector Plane', 1100],
  ])('"%s" → %d mm from the source', (text, mm) => {
    const r = fromText(text);
    expect([r.distanceMm, r.defaulted]).toEqual([mm, false]);
    expect(r.basis).toContain(text);
  });

  it.each(['26.0 cm Chamber Patient Distance', 'Reference point', ''])('does not guess "%s": the 15 cm default, flagged, naming the text', (text) => {
    const r = fromText(text);
    expect([r.distanceMm, r.defaulted]).toEqual([600, true]);
    expect(r.basis).toMatch(text ? /not understood: assumed 15 cm/ : /no reference point in the report/);
  });
});
