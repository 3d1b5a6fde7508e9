import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SkinDoseCalculatedV2 } from '@kerma/contracts';
import { skinDoseApplicability } from '@kerma/dose-figures';
import { roundForOutput, serializeDoseMap, SkinDoseInputError, startSkinDose, type SkinDoseOptions, type SkinDoseResult } from '@kerma/dosimetry';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { EventPublisher, PermanentFailure } from '@kerma/messaging';
import { KermaMetrics } from '@kerma/platform';
import { SKIN_DOSE_OPTIONS, type SkinDoseServiceOptions } from '../skin-dose-options';
import type { SkinDoseStudy } from '../persistence/skin-dose-study.entity';
import { figuresOf } from './skin-dose-figures';
import { eventDoseMap } from './event-dose-map';

/** What a study brings to the engine besides its report: its room (commissioned or not) and sizes received from the RIS or FHIR. */
export type StudyEngineOptions = Pick<SkinDoseOptions, 'room' | 'patientHeightM' | 'patientMassKg' | 'patientSizeSources'>;

/** Runs the engine on a stored study input and announces the result on kerma.skin-dose.calculated.v2 (patient key only). */
@Injectable()
export class SkinDoseCalculatorService {
  private readonly log = new Logger(SkinDoseCalculatorService.name);

  constructor(
    @Inject(SKIN_DOSE_OPTIONS) private readonly options: SkinDoseServiceOptions,
    private readonly events: EventPublisher,
    @Optional() private readonly metrics?: KermaMetrics,
  ) {}

  /**
   * Fills `study.result`, `study.doseMap` and `study.computedAt`; for a procedure without a skin dose
   * (CT, mammography, radiography, no events) `study.notApplicable` instead: an answer, not a failure.
   */
  async compute(study: SkinDoseStudy, forStudy: StudyEngineOptions = {}): Promise<SkinDoseStudy> {
    const applicability = skinDoseApplicability(study.procedure);
    if (!applicability.applicable) {
      study.result = null;
      study.doseMap = null;
      study.notApplicable = { code: applicability.code, reason: applicability.reason };
      study.computedAt = new Date().toISOString();
      this.log.log({ msg: 'skin dose not applicable', studyInstanceUid: study.studyInstanceUid, kind: study.procedure.kind, reason: applicability.code });
      return study;
    }
    study.notApplicable = null;
    const started = process.hrtime.bigint();
    let result: SkinDoseResult;
    try {
      const run = startSkinDose(study.procedure, { ...this.options.engine, ...forStudy, profiles: this.options.profiles });
      // The uncertainty samples (up to 65 traces) are taken one per turn of the event loop: HTTP and Kafka keep being served meanwhile.
      while (run.step()) await yieldToEventLoop();
      result = run.result();
    } catch (err) {
      if (err instanceof SkinDoseInputError) throw new PermanentFailure(err.message, 'skin-dose-input');
      throw err;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.metrics?.skinDoseComputed(result.method, seconds);
    study.result = figuresOf(result);
    study.doseMap = result.doseMap ? serializeDoseMap(result.doseMap) : null;
    study.computedAt = new Date().toISOString();
    this.log.log({
      msg: 'skin dose computed',
      room: result.room ? `${result.room.id ?? '(unidentified)'}@${result.room.profileVersion ?? 'uncommissioned'}` : null,
      resultVersion: study.resultVersion,
      studyInstanceUid: study.studyInstanceUid,
      method: result.method,
      psdGy: result.psdGy,
      events: result.events.total,
      profile: `${result.profile.id}@${result.profile.version}`,
      ms: seconds * 1e3,
    });
    return study;
  }

  async announce(study: SkinDoseStudy): Promise<void> {
    const state = {
      eventId: randomUUID(),
      occurredAt: study.computedAt ?? new Date().toISOString(),
      site: study.site,
      studyInstanceUid: study.studyInstanceUid,
      patient: { key: study.patient.key },
      sopInstanceUids: study.sopInstanceUids,
      studyRevision: study.studyRevision,
    };
    if (study.notApplicable) {
      await this.events.publish(SkinDoseCalculatedV2, {
        ...state,
        status: 'not-applicable',
        reason: { code: study.notApplicable.code, message: study.notApplicable.reason },
      });
      return;
    }
    const r = study.result;
    if (!r) throw new Error(`study ${study.studyInstanceUid} has no skin dose result to announce`);
    await this.events.publish(SkinDoseCalculatedV2, {
      ...state,
      status: 'calculated',
      method: r.method,
      psdGy: r.psdGy,
      psdUpperBoundGy: r.psdUpperBoundGy,
      psdLocation: r.psdLocation
        ? { region: r.psdLocation.region, xMm: r.psdLocation.positionMm.x, yMm: r.psdLocation.positionMm.y, zMm: r.psdLocation.positionMm.z }
        : null,
      expandedUncertaintyPercentK2: roundForOutput(r.uncertainty.expandedRelative * 100),
      // Results stored before the sampled interval have none: the field stays absent.
      ...(r.psdInterval95Gy ? { psdInterval95Gy: r.psdInterval95Gy } : {}),
      skinAreaCm2AtOrAbove: r.areaAtOrAboveCm2,
      dapShareOnPhantom: r.dapShareOnPhantom,
      perPlane: r.planes.map((p) => ({ plane: p.plane, psdGy: p.psdGy, doseRpGy: p.kermaRpGy })),
      doseRpTotalGy: r.kermaRpTotalGy,
      assumptions: r.assumptions.map((a) => ({ code: a.code, detail: a.message })),
      sanity: { status: r.sanity.status, findings: r.sanity.findings.map((f) => ({ code: f.code, message: f.message })) },
      phantom: r.phantom.description,
      profile: { id: r.profile.id, version: r.profile.version },
      room: r.room,
      patientSizeSource: r.phantom.sizeSource,
      resultVersion: study.resultVersion,
      algorithmVersion: r.algorithmVersion,
      mapUrl: study.doseMap ? `${this.options.publicBaseUrl.replace(/\/$/, '')}/api/v1/studies/${study.studyInstanceUid}/skin-dose/map.png` : null,
      doseMap: eventDoseMap(r, study.doseMap, this.options.engine),
    });
  }
}
