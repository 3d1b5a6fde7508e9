import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { StudyParsedV2 } from '@kerma/contracts';
import { skinDoseApplicability } from '@kerma/dose-figures';
import { canSeeSite, type Principal } from '@kerma/platform';
import { SkinDoseStudy } from '../persistence/skin-dose-study.entity';
import { SkinDoseResultVersion } from '../persistence/skin-dose-result-version.entity';
import { RoomsService } from '../rooms/rooms.service';
import { roomIdentity } from '../rooms/room-identity';
import { PatientSizesService } from '../patient-size/patient-sizes.service';
import { SkinDoseCalculatorService } from './skin-dose-calculator.service';
import { storedStudyInput } from '../study-parsed/stored-study-input';
import type { SkinDoseFigures } from './skin-dose-figures';

type PriorResult = { readonly result: SkinDoseFigures; readonly computedAt: string } | null;

const priorOf = (study: SkinDoseStudy | null): PriorResult =>
  study?.result && study.computedAt ? { result: study.result, computedAt: study.computedAt } : null;

@Injectable()
export class SkinDoseStudiesService {
  private readonly log = new Logger(SkinDoseStudiesService.name);

  constructor(
    @InjectRepository(SkinDoseStudy, 'skin-dose') private readonly studies: Repository<SkinDoseStudy>,
    @InjectRepository(SkinDoseResultVersion, 'skin-dose') private readonly resultVersions: Repository<SkinDoseResultVersion>,
    private readonly calculator: SkinDoseCalculatorService,
    private readonly rooms: RoomsService,
    private readonly sizes: PatientSizesService,
  ) {}

  /**
   * Stores the study's current input, computes, stores the result, announces it. A state older than
   * the stored one (a replayed or late message) is ignored; the same state already computed is only
   * announced again (a redelivery after a crash between saving and announcing).
   */
  async calculate(event: StudyParsedV2): Promise<SkinDoseStudy | null> {
    const stored = await this.studies.findOneBy({ studyInstanceUid: event.studyInstanceUid });
    if (stored && stored.studyRevision > event.studyRevision) {
      this.log.log({ msg: 'older study state ignored', studyInstanceUid: event.studyInstanceUid, stored: stored.studyRevision, received: event.studyRevision });
      return null;
    }
    if (stored && stored.studyRevision === event.studyRevision && (stored.result || stored.notApplicable)) {
      await this.calculator.announce(stored);
      return stored;
    }
    // Rooms are where skin dose is computed: CT, mammography and radiography units are not listed.
    const { patient, procedure } = storedStudyInput(event);
    const roomId = skinDoseApplicability(procedure).applicable ? await this.rooms.recordSighting(procedure, event.site) : null;
    const study = this.studies.create({
      studyInstanceUid: event.studyInstanceUid,
      site: event.site,
      patient,
      sopInstanceUids: event.sopInstanceUids,
      studyRevision: event.studyRevision,
      procedure,
      inputReceivedAt: new Date().toISOString(),
      result: null,
      notApplicable: null,
      doseMap: null,
      computedAt: null,
      accessionNumber: event.procedure.study.accessionNumber?.slice(0, 64) ?? null,
      roomId,
      resultVersion: stored?.resultVersion ?? 0,
    });
    // Explicit INSERT or UPDATE: `save` would read the row back and compress every big column again to diff it.
    if (stored) {
      const { studyInstanceUid, ...input } = study;
      await this.studies.update({ studyInstanceUid }, input);
    } else {
      await this.studies.createQueryBuilder().insert().into(SkinDoseStudy).values(study).updateEntity(false).execute();
    }
    // A RIS often sends the size before the dose report: the first computation uses it.
    if (!stored) await this.sizes.adoptPending(study);
    return this.computeAndAnnounce(study, priorOf(stored));
  }

  /**
   * Recomputes from the stored input, e.g. after a physicist changed a geometry profile, commissioned
   * the room, or a patient size arrived. A study without a skin dose (CT, mammography, …) is a
   * conflict with its reason, not a server error. The replaced result is kept as a result version.
   */
  async recompute(studyInstanceUid: string): Promise<SkinDoseStudy> {
    const study = await this.get(studyInstanceUid);
    const applicability = skinDoseApplicability(study.procedure);
    if (!applicability.applicable) {
      throw new ConflictException({
        statusCode: 409,
        error: 'skin-dose-not-applicable',
        code: applicability.code,
        message: `study ${studyInstanceUid} has no skin dose: ${applicability.reason}`,
      });
    }
    // Studies stored before rooms were recorded get theirs from the stored report.
    study.roomId ??= roomIdentity(study.procedure.device)?.id ?? null;
    return this.computeAndAnnounce(study, priorOf(study));
  }

  /** Recomputes every study of the room that has a skin dose and lies in the caller's site scope; returns their UIDs. */
  async recomputeRoom(roomId: string, principal: Principal): Promise<string[]> {
    const uids = await this.computedOfRoom(roomId, principal);
    for (const uid of uids) await this.recompute(uid);
    return uids;
  }

  /** UIDs of the room's studies that have a skin dose result, in the caller's site scope. */
  async computedOfRoom(roomId: string, principal: Principal): Promise<string[]> {
    const ofRoom = await this.studies.find({
      where: { roomId },
      select: { studyInstanceUid: true, site: true, result: true },
      order: { studyInstanceUid: 'ASC' },
    });
    return ofRoom.filter((x) => x.result !== null && canSeeSite(principal, x.site)).map((x) => x.studyInstanceUid);
  }

  /** Studies in the caller's scope with this Study Instance UID or accession number. */
  async findVisible(key: { kind: 'study-instance-uid' | 'accession-number'; value: string }, principal: Principal): Promise<SkinDoseStudy[]> {
    const where = key.kind === 'study-instance-uid' ? { studyInstanceUid: key.value } : { accessionNumber: key.value };
    return (await this.studies.find({ where, select: { studyInstanceUid: true, site: true, result: true, notApplicable: true, patient: true } })).filter((s) =>
      canSeeSite(principal, s.site),
    );
  }

  async countByRoom(roomIds: readonly string[]): Promise<Map<string, number>> {
    if (roomIds.length === 0) return new Map();
    const rows = await this.studies
      .createQueryBuilder('s')
      .select('s.room_id', 'roomId')
      .addSelect('COUNT(*)', 'count')
      .where({ roomId: In([...roomIds]) })
      .groupBy('s.room_id')
      .getRawMany<{ roomId: string; count: string | number }>();
    return new Map(rows.map((r) => [r.roomId, Number(r.count)]));
  }

  async get(studyInstanceUid: string): Promise<SkinDoseStudy> {
    const study = await this.studies.findOneBy({ studyInstanceUid });
    if (!study) throw new NotFoundException(`no skin dose input for study ${studyInstanceUid}`);
    return study;
  }

  private async computeAndAnnounce(study: SkinDoseStudy, prior: PriorResult): Promise<SkinDoseStudy> {
    const forStudy = { room: await this.rooms.engineContext(study.roomId), ...(await this.sizes.engineOptions(study.studyInstanceUid)) };
    // The version the new result will carry: one past the replaced result's (kept below).
    const priorVersion = study.resultVersion;
    if (prior || study.resultVersion === 0) study.resultVersion += 1;
    await this.calculator.compute(study, forStudy);
    await this.studies.manager.transaction(async (tx) => {
      if (prior)
        await tx.save(
          this.resultVersions.create({
            studyInstanceUid: study.studyInstanceUid,
            resultVersion: priorVersion,
            computedAt: prior.computedAt,
            result: prior.result,
          }),
        );
      // Only what computing changed (the input stays as stored).
      const { studyInstanceUid, result, notApplicable, doseMap, computedAt, roomId, resultVersion } = study;
      await tx.update(SkinDoseStudy, { studyInstanceUid }, { result, notApplicable, doseMap, computedAt, roomId, resultVersion });
    });
    await this.calculator.announce(study);
    return study;
  }
}
