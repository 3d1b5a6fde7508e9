import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { StudyParsedV1 } from '@kerma/contracts';
import { skinDoseApplicability } from '@kerma/dose-figures';
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
    if (stored && stored.studyRevision === event.studyRevision && (stored.result || stored.notApplicable)) {
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
      notApplicable: null,
      doseMap: null,
      computedAt: null,
    });
    await this.studies.save(study);
    return this.computeAndAnnounce(study);
  }

  /**
   * Recomputes from the stored input, e.g. after a physicist changed a geometry profile. A study
   * without a skin dose (CT, mammography, …) is a conflict with its reason, not a server error.
   */
  async recompute(studyInstanceUid: string): Promise<SkinDoseStudy> {
    const study = await this.get(studyInstanceUid);
    const applicability = skinDoseApplicability(study.procedure);
    if (!applicability.applicable) {
      throw new ConflictException({ statusCode: 409, error: 'skin-dose-not-applicable', code: applicability.code, message: `study ${studyInstanceUid} has no skin dose: ${applicability.reason}` });
    }
    return this.computeAndAnnounce(study);
  }

  async get(studyInstanceUid: string): Promise<SkinDoseStudy> {
    const study = await this.studies.findOneBy({ studyInstanceUid });
    if (!study) throw new NotFoundException(`no skin dose input for study ${studyInstanceUid}`);
    return study;
  }

  private async computeAndAnnounce(study: SkinDoseStudy): Promise<SkinDoseStudy> {
    await this.calculator.compute(study);
    await this.studies.save(study);
    await this.calculator.announce(study);
    return study;
  }
}
