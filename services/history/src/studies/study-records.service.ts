import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { PatientIdentity, PatientKeyRef, PatientRef, StudyParsedV2 } from '@kerma/contracts';
import { StudyRecord } from '../persistence/study-record.entity';
import { StudyRecordVersion } from '../persistence/study-record-version.entity';
import { changedFigures, replacementReason, studyFigures } from './study-versions';
import { refreshListingColumns } from './study-listing';
import type { StudyCursor, StudySearch } from './study-search';

/**
 * A study event's study and patient; skin-dose.calculated.v2 and study.parsed.v2 name the patient by key
 * only (no id, no issuer: rdsr.received and patient-identity bring them).
 */
export interface StudyIdentity {
  readonly studyInstanceUid: string;
  readonly site: string;
  readonly patient: PatientRef | PatientKeyRef | StudyParsedV2['patient'];
}

/** The id and issuer an event carries, or null when it names the patient by key only. */
function idOf(patient: StudyIdentity['patient']): { id: string | null; issuer: string | null } | null {
  return 'id' in patient ? { id: patient.id, issuer: patient.issuer } : null;
}

const MAX_CONFLICTS = 20;

/**
 * Applies one stage's news to a study record. Events of different topics arrive in any order and
 * concurrently, so each change is an optimistic read-modify-write: the update only lands if nobody
 * changed the record in between (version check), otherwise it is replayed on the fresh record.
 */
@Injectable()
export class StudyRecordsService {
  constructor(@InjectRepository(StudyRecord, 'history') private readonly records: Repository<StudyRecord>) {}

  async update(identity: StudyIdentity, change: (record: StudyRecord) => void): Promise<StudyRecord> {
    for (let conflict = 0; conflict < MAX_CONFLICTS; conflict++) {
      const existing = await this.records.findOneBy({ studyInstanceUid: identity.studyInstanceUid });
      if (!existing) {
        const created = this.blank(identity);
        change(created);
        refreshListingColumns(created);
        created.updatedAt = new Date().toISOString();
        try {
          await this.records.insert(created);
          return created;
        } catch (err) {
          if (await this.records.existsBy({ studyInstanceUid: identity.studyInstanceUid })) continue;
          throw err;
        }
      }
      const seen = existing.version;
      // A record begun by a key-only event (skin dose before the study) learns the id from the first event that carries it.
      const id = existing.patientId === null ? idOf(identity.patient) : null;
      if (id?.id) {
        existing.patientId = id.id;
        existing.patientIdIssuer = id.issuer;
      }
      const before = studyFigures(existing);
      change(existing);
      refreshListingColumns(existing);
      existing.version = seen + 1;
      existing.updatedAt = new Date().toISOString();
      const after = studyFigures(existing);
      const reason = replacementReason(before, after);
      const { studyInstanceUid, ...columns } = existing;
      const write = async (manager: EntityManager): Promise<boolean> => {
        const result = await manager
          .createQueryBuilder()
          .update(StudyRecord)
          .set(columns)
          .where('study_instance_uid = :studyInstanceUid AND version = :seen', { studyInstanceUid, seen })
          .execute();
        if (result.affected !== 1) return false;
        // The replaced figures stay readable as a version (GET /api/v1/studies/{uid}/versions).
        if (reason) {
          await manager.insert(StudyRecordVersion, {
            studyInstanceUid,
            recordVersion: seen,
            replacedAt: existing.updatedAt,
            reason,
            changed: changedFigures(before, after),
            figures: before,
          });
        }
        return true;
      };
      if (reason ? await this.records.manager.transaction(write) : await write(this.records.manager)) return existing;
    }
    throw new Error(`study ${identity.studyInstanceUid}: gave up after ${MAX_CONFLICTS} concurrent updates`);
  }

  /** The identities (site, issuer, id) under which this patient id has studies at these sites (null: every site). */
  async identitiesOf(patientId: string, sites: readonly string[] | null): Promise<PatientIdentity[]> {
    if (sites !== null && sites.length === 0) return [];
    const qb = this.records
      .createQueryBuilder('s')
      .select('s.site', 'site')
      .addSelect('s.patientIdIssuer', 'issuer')
      .distinct(true)
      .where('s.patientId = :patientId', { patientId });
    if (sites !== null) qb.andWhere('s.site IN (:...sites)', { sites });
    const rows = await qb.getRawMany<{ site: string; issuer: string | null }>();
    return rows.map((r) => ({ site: r.site, issuer: r.issuer, patientId }));
  }

  find(studyInstanceUid: string): Promise<StudyRecord | null> {
    return this.records.findOneBy({ studyInstanceUid });
  }

  /** The figures a study had before each replacement, oldest first. */
  versions(studyInstanceUid: string): Promise<StudyRecordVersion[]> {
    return this.records.manager.getRepository(StudyRecordVersion).find({ where: { studyInstanceUid }, order: { recordVersion: 'ASC' } });
  }

  /**
   * One page of the study list, newest first. Keyset pagination on (sort key, UID) — never an offset —
   * so studies arriving between two pages neither shift nor repeat the ones already listed.
   * `sites` null: every site.
   */
  async search(
    q: StudySearch,
    sites: readonly string[] | null,
    linked: readonly PatientIdentity[] = [],
  ): Promise<{ records: StudyRecord[]; next: StudyCursor | null }> {
    if ((sites !== null && sites.length === 0) || (q.kinds !== null && q.kinds.length === 0)) return { records: [], next: null };
    const qb = this.records.createQueryBuilder('s');
    if (sites !== null) qb.andWhere('s.site IN (:...sites)', { sites });
    if (q.kinds !== null) qb.andWhere('s.kind IN (:...kinds)', { kinds: q.kinds });
    // A study whose date is unknown has no place in a date range.
    if (q.fromSortKey !== null || q.toSortKey !== null) qb.andWhere("s.studySortKey <> ''");
    if (q.fromSortKey !== null) qb.andWhere('s.studySortKey >= :from', { from: q.fromSortKey });
    if (q.toSortKey !== null) qb.andWhere('s.studySortKey <= :to', { to: q.toSortKey });
    if (q.device !== null) qb.andWhere('(s.stationName = :device OR s.modelName = :device)', { device: q.device });
    if (q.patientId !== null) qb.andWhere(patientMatch(linked), { patientId: q.patientId, ...linkedParameters(linked) });
    if (q.status !== null) qb.andWhere('s.overallStatus = :status', { status: q.status });
    if (q.after !== null) {
      qb.andWhere('(s.studySortKey < :afterKey OR (s.studySortKey = :afterKey AND s.studyInstanceUid < :afterUid))', {
        afterKey: q.after.sortKey,
        afterUid: q.after.studyInstanceUid,
      });
    }
    const rows = await qb
      .orderBy('s.studySortKey', 'DESC')
      .addOrderBy('s.studyInstanceUid', 'DESC')
      .limit(q.limit + 1)
      .getMany();
    const records = rows.slice(0, q.limit);
    const last = records.at(-1);
    return { records, next: rows.length > q.limit && last ? { sortKey: last.studySortKey, studyInstanceUid: last.studyInstanceUid } : null };
  }

  private blank(identity: StudyIdentity): StudyRecord {
    return this.records.create({
      studyInstanceUid: identity.studyInstanceUid,
      site: identity.site,
      patientKey: identity.patient.key,
      patientId: idOf(identity.patient)?.id ?? null,
      patientIdIssuer: idOf(identity.patient)?.issuer ?? null,
      studyDateTime: null,
      studySortKey: '',
      device: null,
      stationName: null,
      modelName: null,
      sopInstanceUids: [],
      studyRevision: 0,
      receivedState: 'pending',
      receivedAt: null,
      parsedState: 'pending',
      parsedAt: null,
      parserVersion: null,
      kind: null,
      totals: null,
      ct: null,
      mammography: null,
      nuclearMedicine: null,
      doseSource: null,
      skinDoseApplicability: null,
      skinDoseState: 'pending',
      skinDose: null,
      alerts: [],
      failures: [],
      overallStatus: 'pending',
      version: 1,
    });
  }
}

/** The patient id itself, or one of the identities linked to it (patient links). */
function patientMatch(linked: readonly PatientIdentity[]): string {
  const others = linked.map(
    (l, i) => `(s.site = :ls${i} AND s.patientId = :lp${i} AND ${l.issuer === null ? 's.patientIdIssuer IS NULL' : `s.patientIdIssuer = :li${i}`})`,
  );
  return `(${['s.patientId = :patientId', ...others].join(' OR ')})`;
}

function linkedParameters(linked: readonly PatientIdentity[]): Record<string, string> {
  return Object.fromEntries(linked.flatMap((l, i) => [[`ls${i}`, l.site], [`lp${i}`, l.patientId], ...(l.issuer === null ? [] : [[`li${i}`, l.issuer]])]));
}
