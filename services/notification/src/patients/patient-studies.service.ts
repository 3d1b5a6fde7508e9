import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { procedureOf, type PatientIdentityV1, type SkinDoseCalculatedV2, type StudyParsedV2 } from '@kerma/contracts';
import { accumulateStudyMaps, checkMapFitsSurface, decodeDoseGrid, type StudySkinDose } from '@kerma/dosimetry';
import { studyDoseFigures } from '@kerma/dose-figures';
import { PatientStudy } from '../persistence/patient-study.entity';
import { ruleSubjectOf } from '../rules/study-context';
import { studyMetrics } from '../study-metrics/study-metrics';
import type { CumulativeMetric } from './cumulative-figures';

const DAY_MS = 86_400_000;

/** Study date-times are local DICOM times written as ISO without zone; compare them as UTC. */
function studyTimeOf(local: string | null): string | null {
  if (!local) return null;
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(local) ? local : `${local}Z`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export interface WindowFigures {
  readonly windowDays: number;
  readonly studyInstanceUids: readonly string[];
  /** null: no study in the window has the figure (never 0). */
  readonly figures: Readonly<Record<CumulativeMetric, number | null>>;
}

/** A patient's studies as notification saw them; each half of a row replaced only by a newer revision. */
@Injectable()
export class PatientStudiesService {
  constructor(@InjectRepository(PatientStudy, 'notification') private readonly rows: Repository<PatientStudy>) {}

  async recordParsed(event: StudyParsedV2): Promise<PatientStudy> {
    const { row, stored } = await this.rowOf(event);
    if (row.parsedRevision === null || event.studyRevision >= row.parsedRevision) {
      const procedure = procedureOf(event);
      const figures = studyDoseFigures(procedure);
      row.parsedRevision = event.studyRevision;
      row.subject = ruleSubjectOf(event.site, procedure);
      row.doseRpTotalGy = figures.doseRpTotalGy;
      row.studyMetrics = studyMetrics(figures);
      row.studyTime = studyTimeOf(procedure.study.studyDateTime) ?? row.studyTime;
      await this.write(row, stored);
    }
    return row;
  }

  /** The study's patient as the parser named it (the same for every revision of a study: the reports' patient). */
  async recordIdentity(event: PatientIdentityV1): Promise<PatientStudy> {
    const { row, stored } = await this.rowOf(event);
    const patient = { id: event.patient.id, issuer: event.patient.issuer, key: event.patient.key };
    if (!stored || JSON.stringify(row.patient) !== JSON.stringify(patient)) {
      row.patient = patient;
      await this.write(row, stored);
    }
    return row;
  }

  async recordSkinDose(event: SkinDoseCalculatedV2): Promise<PatientStudy> {
    const { row, stored } = await this.rowOf(event);
    const newer =
      row.skinDoseRevision === null ||
      event.studyRevision > row.skinDoseRevision ||
      (event.studyRevision === row.skinDoseRevision && event.occurredAt >= (row.skinDoseCalculatedAt ?? ''));
    if (!newer) return row;
    row.skinDoseRevision = event.studyRevision;
    row.skinDoseCalculatedAt = event.occurredAt;
    if (event.status === 'not-applicable') {
      Object.assign(row, {
        skinDoseStatus: 'not-applicable',
        psdGy: null,
        expandedUncertaintyPercentK2: null,
        surface: null,
        widthCells: null,
        heightCells: null,
        doseGrid: null,
        reportedHeightM: null,
        reportedMassKg: null,
      });
    } else {
      const map = event.doseMap ?? null;
      const assumed = new Set(event.assumptions.map((a) => a.code));
      const human = map?.surface.kind === 'human' ? map.surface : null;
      Object.assign(row, {
        skinDoseStatus: 'calculated',
        psdGy: event.psdGy,
        expandedUncertaintyPercentK2: event.expandedUncertaintyPercentK2,
        surface: map?.surface ?? null,
        widthCells: map?.widthCells ?? null,
        heightCells: map?.heightCells ?? null,
        doseGrid: map?.data ?? null,
        reportedHeightM: human && !assumed.has('patient-height-assumed') ? human.heightM : null,
        reportedMassKg: human && !assumed.has('patient-mass-assumed') ? human.massKg : null,
      });
    }
    await this.write(row, stored);
    return row;
  }

  /**
   * An explicit INSERT or UPDATE: `save` would read the row back first to tell which. The caller holds the
   * person's lock, so the row cannot appear or change between `rowOf` and this write.
   */
  private async write(row: PatientStudy, stored: boolean): Promise<void> {
    if (!stored) {
      await this.rows.createQueryBuilder().insert().into(PatientStudy).values(row).updateEntity(false).execute();
      return;
    }
    const { studyInstanceUid, ...columns } = row;
    await this.rows.update({ studyInstanceUid }, columns);
  }

  /** The studies of these patient keys, oldest first (one row per study). */
  async ofPatients(keys: readonly string[]): Promise<PatientStudy[]> {
    const rows = await this.rows.findBy({ patientKey: In([...keys]) });
    return rows.sort((a, b) => a.studyTime.localeCompare(b.studyTime) || a.studyInstanceUid.localeCompare(b.studyInstanceUid));
  }

  /** The study's row, and whether it is stored yet. */
  private async rowOf(event: {
    studyInstanceUid: string;
    site: string;
    patient: { key: string };
    occurredAt: string;
  }): Promise<{ row: PatientStudy; stored: boolean }> {
    const found = await this.rows.findOneBy({ studyInstanceUid: event.studyInstanceUid });
    if (found) return { row: found, stored: true };
    const row = this.rows.create({
      studyInstanceUid: event.studyInstanceUid,
      patientKey: event.patient.key,
      site: event.site,
      patient: null,
      studyTime: event.occurredAt,
      parsedRevision: null,
      studyMetrics: null,
      subject: null,
      doseRpTotalGy: null,
      skinDoseRevision: null,
      skinDoseCalculatedAt: null,
      skinDoseStatus: null,
      psdGy: null,
      expandedUncertaintyPercentK2: null,
      surface: null,
      widthCells: null,
      heightCells: null,
      doseGrid: null,
      reportedHeightM: null,
      reportedMassKg: null,
    });
    return { row, stored: false };
  }
}

export type WindowsOf = (study: PatientStudy, windowDays: number, excludeStudy: boolean) => WindowFigures;

/**
 * The person's figures over the window that ends at the study's time: the cumulative PSD of the summed
 * maps (libs/dosimetry) and Σ Ka,r, over `all`, the studies of every key of the person (`ofPatients` of
 * the study's patient key and those linked to it), each study once. `excludeStudy`: the figures before that
 * study (already-above rules). The studies are read once for all the rules of one judgement and each window
 * (study, days, exclusion) is computed once however many rules read it: summing the maps is the costly part,
 * and the rows do not change while the person's lock is held.
 */
export function windowsOver(all: readonly PatientStudy[]): WindowsOf {
  const computed = new Map<string, WindowFigures>();
  return (study, windowDays, excludeStudy) => {
    const id = `${study.studyInstanceUid}\u0000${windowDays}\u0000${excludeStudy}`;
    let figures = computed.get(id);
    if (!figures) {
      figures = windowOf(all, study, windowDays, excludeStudy);
      computed.set(id, figures);
    }
    return figures;
  };
}

function windowOf(all: readonly PatientStudy[], study: PatientStudy, windowDays: number, excludeStudy: boolean): WindowFigures {
  const until = study.studyTime;
  const since = new Date(Date.parse(until) - windowDays * DAY_MS).toISOString();
  const inWindow = all.filter((r) => r.studyTime >= since && r.studyTime <= until && !(excludeStudy && r.studyInstanceUid === study.studyInstanceUid));
  const withSkinDose = inWindow.filter((r) => r.skinDoseStatus === 'calculated');
  const cumulative = withSkinDose.length ? accumulateStudyMaps(withSkinDose.map(toStudySkinDose)).cumulativePsdGy : null;
  const kar = inWindow.filter((r) => r.doseRpTotalGy !== null);
  return {
    windowDays,
    studyInstanceUids: inWindow.map((r) => r.studyInstanceUid).sort(),
    figures: { 'peak-skin-dose': cumulative, 'reference-air-kerma': kar.length ? kar.reduce((s, r) => s + r.doseRpTotalGy!, 0) : null },
  };
}

function toStudySkinDose(r: PatientStudy): StudySkinDose {
  let map: StudySkinDose['map'] = null;
  if (r.surface && r.doseGrid && r.widthCells && r.heightCells) {
    checkMapFitsSurface(r.surface, r.widthCells, r.heightCells);
    map = { surface: r.surface, doseGy: decodeDoseGrid(Buffer.from(r.doseGrid, 'base64'), r.widthCells * r.heightCells) };
  }
  return {
    studyInstanceUid: r.studyInstanceUid,
    studyTime: r.studyTime,
    psdGy: r.psdGy,
    expandedRelativeK2: r.expandedUncertaintyPercentK2 === null ? null : r.expandedUncertaintyPercentK2 / 100,
    map,
    reportedHeightM: r.reportedHeightM,
    reportedMassKg: r.reportedMassKg,
  };
}
