import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { SkinDoseCalculatedV2 } from '@kerma/contracts';
import { StudySkinDoseMap } from './study-skin-dose-map.entity';

const MAX_CONFLICTS = 20;

/** Keeps each study's latest skin dose map; an older calculation never replaces a newer one. */
@Injectable()
export class SkinDoseMapsService {
  constructor(@InjectRepository(StudySkinDoseMap, 'history') private readonly maps: Repository<StudySkinDoseMap>) {}

  /** Returns whether the event's map is now the study's map (false: a newer one is already kept). */
  async keep(event: Exclude<SkinDoseCalculatedV2, { status: 'not-applicable' }>): Promise<boolean> {
    const m = event.doseMap ?? null;
    const row = {
      studyRevision: event.studyRevision,
      calculatedAt: event.occurredAt,
      surface: m?.surface ?? null,
      widthCells: m?.widthCells ?? null,
      heightCells: m?.heightCells ?? null,
      doseGrid: m?.data ?? null,
    };
    for (let attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
      // Conditional replace: same or newer revision, and for the same revision a later (or the same) calculation.
      const updated = await this.maps
        .createQueryBuilder()
        .update(StudySkinDoseMap)
        .set(row)
        .where('study_instance_uid = :uid', { uid: event.studyInstanceUid })
        .andWhere('(study_revision < :rev OR (study_revision = :rev AND calculated_at <= :at))', { rev: event.studyRevision, at: event.occurredAt })
        .execute();
      if (updated.affected === 1) return true;
      if (await this.maps.existsBy({ studyInstanceUid: event.studyInstanceUid })) return false;
      try {
        await this.maps.insert({ studyInstanceUid: event.studyInstanceUid, ...row });
        return true;
      } catch (err) {
        // A concurrent insert won: go round again and compare revisions with it.
        if (!(await this.maps.existsBy({ studyInstanceUid: event.studyInstanceUid }))) throw err;
      }
    }
    throw new Error(`study ${event.studyInstanceUid}: gave up keeping its skin dose map after ${MAX_CONFLICTS} concurrent writes`);
  }

  /** Each kept map's revision and calculation time, without its grid. */
  async versionsOf(studyInstanceUids: readonly string[]): Promise<Map<string, string>> {
    if (studyInstanceUids.length === 0) return new Map();
    const rows = await this.maps.find({
      select: { studyInstanceUid: true, studyRevision: true, calculatedAt: true },
      where: { studyInstanceUid: In([...studyInstanceUids]) },
    });
    return new Map(rows.map((r) => [r.studyInstanceUid, `${r.studyRevision}@${r.calculatedAt}`]));
  }

  async ofStudies(studyInstanceUids: readonly string[]): Promise<Map<string, StudySkinDoseMap>> {
    if (studyInstanceUids.length === 0) return new Map();
    const rows = await this.maps.findBy({ studyInstanceUid: In([...studyInstanceUids]) });
    return new Map(rows.map((r) => [r.studyInstanceUid, r]));
  }
}
