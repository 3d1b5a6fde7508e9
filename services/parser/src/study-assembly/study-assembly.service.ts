import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, type Repository } from 'typeorm';
import { classifyReport, type Procedure, type ReportRelation } from '@kerma/rdsr';
import { ParsedReport } from '../persistence/parsed-report.entity';
import { assembleStudy } from './assemble-study';

export interface StudyState {
  readonly relation: ReportRelation;
  readonly procedure: Procedure;
  readonly sopInstanceUids: string[];
  /** True when this exact report was already stored and its study state already announced. */
  readonly alreadyAnnounced: boolean;
}

/** Keeps the reports of each study and decides how a new one changes the study (duplicate, replaces, continues). */
@Injectable()
export class StudyAssemblyService {
  constructor(@InjectRepository(ParsedReport, 'parser') private readonly reports: Repository<ParsedReport>) {}

  async add(procedure: Procedure, site: string, objectId: string): Promise<StudyState> {
    const sopInstanceUid = procedure.study.sopInstanceUid;
    const studyUid = procedure.study.studyInstanceUid;
    const eventUids = procedure.events.map((e) => e.uid).filter((u): u is string => u !== null);
    const stored = await this.reports.find({ where: { studyInstanceUid: studyUid, supersededBy: IsNull() } });
    const storedSelf = await this.reports.findOneBy({ sopInstanceUid });
    const relation = storedSelf
      ? ({ kind: 'duplicate', of: sopInstanceUid } as const)
      : classifyReport({ sopInstanceUid, irradiationEventUids: eventUids }, stored.map((r) => ({ sopInstanceUid: r.sopInstanceUid, irradiationEventUids: r.eventUids })));

    if (relation.kind !== 'duplicate') {
      await this.reports.manager.transaction(async (tx) => {
        await tx.insert(ParsedReport, {
          sopInstanceUid,
          studyInstanceUid: studyUid,
          site,
          objectId,
          eventUids,
          procedure,
          supersededBy: null,
          parsedAt: new Date().toISOString(),
          publishedAt: null,
        });
        if (relation.kind === 'replaces') {
          await tx.update(ParsedReport, { sopInstanceUid: In([...relation.sopInstanceUids]) }, { supersededBy: sopInstanceUid });
        }
      });
    }
    const current = await this.reports.find({ where: { studyInstanceUid: studyUid, supersededBy: IsNull() }, order: { parsedAt: 'ASC' } });
    return {
      relation,
      procedure: assembleStudy(current.map((r) => r.procedure)),
      sopInstanceUids: current.map((r) => r.sopInstanceUid),
      alreadyAnnounced: relation.kind === 'duplicate' && storedSelf?.publishedAt != null,
    };
  }

  async markAnnounced(sopInstanceUid: string): Promise<void> {
    await this.reports.update({ sopInstanceUid }, { publishedAt: new Date().toISOString() });
  }
}
