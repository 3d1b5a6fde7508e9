import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { StudyParsedV1 } from '@kerma/contracts';
import { SkinDoseStudy } from '../persistence/skin-dose-study.entity';
import { SkinDoseCalculatorService } from './skin-dose-calculator.service';

@Injectable()
export class SkinDoseStudiesService {
  private readonly log = new Logger(SkinDoseStudiesService.name);

  constructor(
    @InjectRepository(SkinDoseStudy, 'skin-dose') private readonly studies: Repository<SkinDoseStudy>,
    private readonly calculator: SkinDoseCalculatorService,
  ) {}

  /**
   * Stores the study's current input, computes, stores the result, announces it. A state older than
   * the stored one (a replayed or late message) is ignored; the same state already computed is only
   * announced again (a redelivery after a crash between saving and announcing).
   */
  async calculate(event: StudyParsedV1): Promise<SkinDoseStudy | null> {
    const stored = await this.studies.findOneBy({ studyInstanceUid: event.studyInstanceUid });
    if (stored && stored.studyRevision > event.studyRevision) {
      this.log.log({ msg: 'older study state ignored', studyInstanceUid: event.studyInstanceUid, stored: stored.studyRevision, received: event.studyRevision });
      return null;
    }
    if (stored && stored.studyRevision === event.studyRevision && stored.result) {
      await this.calculator.announce(stored);
      return stored;
    }
    const study = this.studies.create({
      studyInstanceUid: event.studyInstanceUid,
      site: event.site,
      patient: event.patient,
      sopInstanceUids: event.sopInstanceUids,
      studyRevision: event.studyRevision,
      procedure: event.procedure,
      inputReceivedAt: new Date().toISOString(),
      result: null,
      doseMap: null,
      computedAt: null,
    });
    await this.studies.save(study);
    return this.computeAndAnnounce(study);
  }

  /** Recomputes from the stored input, e.g. after a physicist changed a geometry profile. */
  async recompute(studyInstanceUid: string): Promise<SkinDoseStudy> {
    return this.computeAndAnnounce(await this.get(studyInstanceUid));
  }

  async get(studyInstanceUid: string): Promise<SkinDoseStudy> {
    const study = await this.studies.findOneBy({ studyInstanceUid });
    if (!study) throw new NotFoundException(`no skin dose input for study ${studyInstanceUid}`);
    return study;
  }

  private async computeAndAnnounce(study: SkinDoseStudy): Promise<SkinDoseStudy> {
    this.calculator.compute(study);
    await this.studies.save(study);
    await this.calculator.announce(study);
    return study;
  }
}
