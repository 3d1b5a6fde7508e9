import type { DeviceSpec, StudySpec } from '../procedure-spec';
import { CONCEPT, SCT_VOCABULARY, type Code } from './codes';
import { codeValue, text, uidRef, type ContentItem } from './content-items';

/** TID 10001 rows shared by every dose report kind: procedure reported with its intent, device observer, scope. */
export function reportContext(procedureReported: Code, device: DeviceSpec, study: StudySpec): ContentItem[] {
  return [
    codeValue('HAS CONCEPT MOD', CONCEPT.procedureReported, procedureReported, [codeValue('HAS CONCEPT MOD', SCT_VOCABULARY.hasIntent, SCT_VOCABULARY.intent)]),
    codeValue('HAS OBS CONTEXT', CONCEPT.observerType, CONCEPT.device),
    uidRef('HAS OBS CONTEXT', CONCEPT.deviceObserverUid, device.deviceObserverUid),
    text('HAS OBS CONTEXT', CONCEPT.deviceObserverName, device.stationName),
    text('HAS OBS CONTEXT', CONCEPT.deviceObserverManufacturer, device.manufacturer),
    text('HAS OBS CONTEXT', CONCEPT.deviceObserverModelName, device.modelName),
    codeValue('HAS OBS CONTEXT', CONCEPT.scopeOfAccumulation, CONCEPT.study, [uidRef('HAS PROPERTIES', CONCEPT.studyInstanceUid, study.studyInstanceUid)]),
  ];
}
