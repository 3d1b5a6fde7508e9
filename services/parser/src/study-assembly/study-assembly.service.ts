import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, type EntityManager, type Repository } from 'typeorm';
import { classifyReport, PARSER_VERSION, type Procedure, type ReportRelation } from '@kerma/rdsr';
import { ParsedReport } from '../persistence/parsed-report.entity';
import { ParsedReportVersion } from '../persistence/parsed-report-version.entity';
import { storedProcedure } from '../persistence/stored-procedure';
import { assembleStudy } from './assemble-study';
import { eventKeys } from './event-keys';
import { KeyedMutex } from './keyed-mutex';

export interface StudyState {
  readonly relation: ReportRelation;
  readonly procedure: Procedure;
  readonly sopInstanceUids: string[];
  /** Grows with every report the parser accepted for the study: consumers ignore older states. */
  readonly revision: number;
  /** True when this report changed nothing and the current study state was already announced. */
  readonly alreadyAnnounced: boolean;
}

/**
 * Keeps the reports of each study and decides how a new one changes the study (duplicate,
 * superseded, replaces, continues). Reports of one study are assembled one at a time: a per-study
 * lock in this process and, on PostgreSQL, a transaction-scoped advisory lock across replicas.
 */
@Injectable()
export class StudyAssemblyService {
  private readonly local = new KeyedMutex();

  constructor(@InjectRepository(ParsedReport, 'parser') private readonly reports: Repository<ParsedReport>) {}

  /**
   * `reprocess`: the object was announced again on purpose (operator re-drive, or content replaced
   * from quarantine). A report already kept is then read anew instead of being a duplicate, and the
   * study gets a new revision that is announced even if nothing changed.
   */
  add(parsed: Procedure, site: string, objectId: string, reprocess = false): Promise<StudyState> {
    const procedure = storedProcedure(parsed);
    const studyUid = procedure.study.studyInstanceUid;
    return this.local.run(studyUid, () =>
      this.reports.manager.transaction(async (tx) => {
        if (tx.connection.options.type === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [studyUid]);
        return this.addLocked(tx, procedure, site, objectId, reprocess);
      }),
    );
  }

  private async addLocked(tx: EntityManager, procedure: Procedure, site: string, objectId: string, reprocess: boolean): Promise<StudyState> {
    const repo = tx.getRepository(ParsedReport);
    const sopInstanceUid = procedure.study.sopInstanceUid;
    const studyUid = procedure.study.studyInstanceUid;
    const keys = eventKeys(procedure);
    // Only the event UIDs decide the relation: the (compressed) procedures are read once, for the study below.
    const current = await repo.find({ where: { studyInstanceUid: studyUid, supersededBy: IsNull() }, select: { sopInstanceUid: true, eventUids: true } });
    const storedSelf = await repo.findOneBy({ sopInstanceUid });
    const relation: ReportRelation = storedSelf
      ? { kind: 'duplicate', of: sopInstanceUid }
      : classifyReport(
          { sopInstanceUid, irradiationEventUids: keys },
          current.map((r) => ({ sopInstanceUid: r.sopInstanceUid, irradiationEventUids: r.eventUids })),
        );

    // Every report kept and every reprocess makes a new revision: consumers ignore older states.
    const all = await repo.find({ where: { studyInstanceUid: studyUid }, select: { sopInstanceUid: true, reprocessed: true } });
    const revisionBefore = all.length + all.reduce((sum, r) => sum + r.reprocessed, 0);
    const parsed = { parserVersion: PARSER_VERSION, studyRevision: revisionBefore + 1, parsedAt: new Date().toISOString(), publishedAt: null };
    let revision = revisionBefore;
    if (relation.kind !== 'duplicate') {
      await repo.insert({
        sopInstanceUid,
        studyInstanceUid: studyUid,
        site,
        objectId,
        eventUids: keys,
        procedure,
        supersededBy: relation.kind === 'superseded' ? relation.by : null,
        ...parsed,
      });
      if (relation.kind === 'replaces') await repo.update({ sopInstanceUid: In([...relation.sopInstanceUids]) }, { supersededBy: sopInstanceUid });
      revision++;
    } else if (reprocess && storedSelf) {
      // The earlier reading stays, as a version of the report; the new one is what the study is made of.
      await tx.getRepository(ParsedReportVersion).insert({
        sopInstanceUid,
        reprocessed: storedSelf.reprocessed,
        studyInstanceUid: studyUid,
        procedure: JSON.stringify(storedSelf.procedure) === JSON.stringify(procedure) ? null : storedSelf.procedure,
        parserVersion: storedSelf.parserVersion,
        studyRevision: storedSelf.studyRevision,
        parsedAt: storedSelf.parsedAt,
        replacedAt: parsed.parsedAt,
      });
      await repo.update({ sopInstanceUid }, { objectId, eventUids: keys, procedure, reprocessed: storedSelf.reprocessed + 1, ...parsed });
      revision++;
    }
    const now = await repo.find({ where: { studyInstanceUid: studyUid, supersededBy: IsNull() }, order: { parsedAt: 'ASC' } });
    const unchanged = !reprocess && (relation.kind === 'duplicate' || relation.kind === 'superseded');
    const announced = now.every((r) => r.publishedAt !== null);
    return {
      relation,
      procedure: assembleStudy(now.map((r) => r.procedure)),
      sopInstanceUids: now.map((r) => r.sopInstanceUid),
      revision,
      alreadyAnnounced: unchanged && announced,
    };
  }

  async markAnnounced(sopInstanceUids: readonly string[]): Promise<void> {
    await this.reports.update({ sopInstanceUid: In([...sopInstanceUids]) }, { publishedAt: new Date().toISOString() });
  }
}
