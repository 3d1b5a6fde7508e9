import { BadRequestException, ConflictException, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { z } from 'zod';
import {
  deserializeDoseMap,
  InvalidFilmCalibrationError,
  InvalidPngError,
  InvalidPointsCsvError,
  InvalidRegistrationError,
  validateFilm,
  validatePoints,
} from '@kerma/dosimetry';
import { SkinDoseValidation } from '../persistence/skin-dose-validation.entity';
import type { SkinDoseStudy } from '../persistence/skin-dose-study.entity';

const point = z.object({ x: z.number().finite(), y: z.number().finite() });

/** Points as CSV text, or a film scan as base64 PNG with its calibration and two fiducials. */
export const validationBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('points'), csv: z.string().min(1) }),
  z.object({
    kind: z.literal('film'),
    pngBase64: z.string().min(1),
    calibration: z.record(z.unknown()),
    fiducials: z.array(z.object({ pixel: point, surfaceMm: point })).length(2),
  }),
]);

const INPUT_ERRORS = [InvalidPngError, InvalidFilmCalibrationError, InvalidRegistrationError, InvalidPointsCsvError];

export type ValidationView = Omit<SkinDoseValidation, 'picturePng'> & { picturePngBase64: string };

const view = ({ picturePng, ...v }: SkinDoseValidation): ValidationView => ({ ...v, picturePngBase64: picturePng });

@Injectable()
export class SkinDoseValidationsService {
  private readonly log = new Logger(SkinDoseValidationsService.name);

  constructor(@InjectRepository(SkinDoseValidation, 'skin-dose') private readonly validations: Repository<SkinDoseValidation>) {}

  /** Compares the measurement with the study's stored map and keeps the report; bad input is a 400 naming what is wrong. */
  async create(study: SkinDoseStudy, body: unknown, by: string): Promise<ValidationView> {
    const parsed = validationBodySchema.safeParse(body ?? {});
    if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    if (!study.result || !study.doseMap || !study.computedAt) {
      throw new ConflictException(
        `study ${study.studyInstanceUid} has no skin dose map to compare with (${study.notApplicable?.reason ?? 'geometry unavailable or not computed'})`,
      );
    }
    const map = deserializeDoseMap(study.doseMap);
    const input = parsed.data;
    let outcome;
    try {
      outcome =
        input.kind === 'points'
          ? validatePoints({ map, csv: input.csv })
          : validateFilm({ map, png: new Uint8Array(Buffer.from(input.pngBase64, 'base64')), calibration: input.calibration, fiducials: input.fiducials });
    } catch (err) {
      if (INPUT_ERRORS.some((E) => err instanceof E)) throw new BadRequestException((err as Error).message);
      throw err;
    }
    const saved = await this.validations.save(
      this.validations.create({
        id: randomUUID(),
        studyInstanceUid: study.studyInstanceUid,
        site: study.site,
        createdBy: by,
        createdAt: new Date().toISOString(),
        calculationComputedAt: study.computedAt,
        algorithmVersion: study.result.algorithmVersion,
        report: outcome.report,
        picturePng: Buffer.from(outcome.picturePng).toString('base64'),
      }),
    );
    this.log.log({
      msg: 'skin dose validation stored',
      studyInstanceUid: study.studyInstanceUid,
      source: outcome.report.source,
      psdDifferencePercent: outcome.report.psdDifferencePercent,
    });
    return view(saved);
  }

  async list(studyInstanceUid: string): Promise<ValidationView[]> {
    return (await this.validations.find({ where: { studyInstanceUid }, order: { createdAt: 'DESC' } })).map(view);
  }
}
