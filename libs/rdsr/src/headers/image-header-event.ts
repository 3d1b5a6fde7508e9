import type { DicomDocument } from '../dicom/dataset';
import { Tag } from '../dicom/tags';
import { getFirstText, getText } from '../dicom/values';
import { emptyIrradiationEvent } from '../model/empty-irradiation-event';
import type { ImageHeaderExposure, IrradiationEvent, Quantity } from '../model/procedure';
import { isoDateTime, isoFromDateAndTime } from '../sr/dicom-datetime';
import { headerNumber } from './header-dose-attributes';

/**
 * One image header as one irradiation event. Values are scaled from the unit DICOM defines for each
 * attribute (PS3.3 C.8.7.8 X-Ray Acquisition Dose, C.8.11.7 Mammography Image) to the model's units,
 * and say so in their provenance note.
 */

function headerQuantity(doc: DicomDocument, tag: number, factor: number, attribute: string): Quantity | null {
  const value = headerNumber(doc, tag);
  if (value === null) return null;
  return { value: factor === 1 ? value : value * factor, provenance: 'image-header', note: attribute };
}

/** mAs from Exposure (mAs) or, more precise when both are there, Exposure in µAs. */
function exposureMAs(doc: DicomDocument): Quantity | null {
  return headerQuantity(doc, Tag.ExposureInuAs, 1e-3, 'Exposure in µAs (0018,1153), µAs') ?? headerQuantity(doc, Tag.Exposure, 1, 'Exposure (0018,1152), mAs');
}

function entranceDoseMGy(doc: DicomDocument): Quantity | null {
  return (
    headerQuantity(doc, Tag.EntranceDoseInmGy, 1, 'Entrance Dose in mGy (0040,8302)') ??
    headerQuantity(doc, Tag.EntranceDose, 100, 'Entrance Dose (0040,0302), dGy')
  );
}

function acquisitionDateTime(doc: DicomDocument): string | null {
  const dt = getText(doc, doc.root, Tag.AcquisitionDateTime);
  if (dt !== null) return isoDateTime(dt);
  return isoFromDateAndTime(getText(doc, doc.root, Tag.AcquisitionDate), getText(doc, doc.root, Tag.AcquisitionTime));
}

function exposureDetails(doc: DicomDocument, sopInstanceUid: string): ImageHeaderExposure {
  return {
    sopInstanceUid,
    modality: getText(doc, doc.root, Tag.Modality),
    bodyPartExamined: getText(doc, doc.root, Tag.BodyPartExamined),
    viewPosition: getText(doc, doc.root, Tag.ViewPosition),
    laterality: getText(doc, doc.root, Tag.ImageLaterality) ?? getText(doc, doc.root, Tag.Laterality),
    entranceDoseMGy: entranceDoseMGy(doc),
    organDoseMGy: headerQuantity(doc, Tag.OrganDose, 100, 'Organ Dose (0040,0316), dGy'),
    distanceSourceToPatientMm: headerQuantity(doc, Tag.DistanceSourceToPatient, 1, 'Distance Source to Patient (0018,1111)'),
    bodyPartThicknessMm: headerQuantity(doc, Tag.BodyPartThickness, 1, 'Body Part Thickness (0018,11A0)'),
    compressionForceN: headerQuantity(doc, Tag.CompressionForce, 1, 'Compression Force (0018,11A2)'),
    anodeTargetMaterial: getFirstText(doc, doc.root, Tag.AnodeTargetMaterial),
    filterMaterial: getFirstText(doc, doc.root, Tag.FilterMaterial),
  };
}

export function readImageHeaderEvent(doc: DicomDocument, sopInstanceUid: string, plane: IrradiationEvent['plane']): IrradiationEvent {
  const details = exposureDetails(doc, sopInstanceUid);
  return {
    ...emptyIrradiationEvent(plane, 'stationary'),
    uid: sopInstanceUid,
    dateTimeStarted: acquisitionDateTime(doc),
    protocol: getText(doc, doc.root, Tag.SeriesDescription),
    targetRegion: details.bodyPartExamined === null ? null : { scheme: 'DICOM-BPE', value: details.bodyPartExamined, meaning: details.bodyPartExamined },
    // 0018,115E is in dGy·cm² (PS3.3 C.8.7.8): 1 dGy·cm² = 1e-5 Gy·m².
    dapGyM2: headerQuantity(doc, Tag.ImageAndFluoroscopyAreaDoseProduct, 1e-5, 'Image and Fluoroscopy Area Dose Product (0018,115E), dGy·cm²'),
    kvp: headerQuantity(doc, Tag.Kvp, 1, 'KVP (0018,0060)'),
    tubeCurrentMA:
      headerQuantity(doc, Tag.XRayTubeCurrentInuA, 1e-3, 'X-Ray Tube Current in µA (0018,8151)') ??
      headerQuantity(doc, Tag.XRayTubeCurrent, 1, 'X-Ray Tube Current (0018,1151), mA'),
    exposureTimeMs:
      headerQuantity(doc, Tag.ExposureTimeInuS, 1e-3, 'Exposure Time in µS (0018,8150)') ??
      headerQuantity(doc, Tag.ExposureTime, 1, 'Exposure Time (0018,1150), ms'),
    exposureMAs: exposureMAs(doc),
    positionerPrimaryAngleDeg: headerQuantity(doc, Tag.PositionerPrimaryAngle, 1, 'Positioner Primary Angle (0018,1510)'),
    positionerSecondaryAngleDeg: headerQuantity(doc, Tag.PositionerSecondaryAngle, 1, 'Positioner Secondary Angle (0018,1511)'),
    distanceSourceToDetectorMm: headerQuantity(doc, Tag.DistanceSourceToDetector, 1, 'Distance Source to Detector (0018,1110)'),
    imageHeader: details,
  };
}
