import { Body, ConflictException, Controller, Get, HttpCode, NotFoundException, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { deserializeDoseMap, renderSkinDoseMapSvg, studyMapContextOf, studyMapFigure } from '@kerma/dosimetry';
import {
  AllowRoles,
  ApiContentResponse,
  ApiErrors,
  Audited,
  BINARY,
  canSeeSite,
  CurrentPrincipal,
  GUARDED,
  MapPngRenderer,
  noteAudited,
  type Principal,
} from '@kerma/platform';
import { RECOMPUTED, SKIN_DOSE_ANSWER, VALIDATION, VALIDATIONS } from './api-schemas';
import { SkinDoseStudiesService } from '../calculation/skin-dose-studies.service';
import { SkinDoseValidationsService, type ValidationView } from '../calculation/skin-dose-validations.service';
import type { SkinDoseStudy } from '../persistence/skin-dose-study.entity';
import type { SkinDoseFigures } from '../calculation/skin-dose-figures';

type SkinDoseAnswer =
  | { studyInstanceUid: string; status: 'calculated'; computedAt: string; resultVersion: number; result: SkinDoseFigures; sopInstanceUids: string[] }
  | { studyInstanceUid: string; status: 'not-applicable'; reason: { code: string; reason: string }; computedAt: string; sopInstanceUids: string[] };

const MAP_ERRORS = {
  ...GUARDED,
  404: 'Unknown study in your site scope, or no map (geometry unavailable or not computed)',
  409: 'The study has no skin dose (CT, mammography, radiography, no events)',
} as const;
const MAP_CONTENT =
  'absolute colour-blind-safe scale (viridis, mGy/Gy) with the 2/3/5/10 Gy thresholds, isodose lines at 2/3/5/10 Gy (relative 25/50/75/90 % of the peak when the PSD is below 1 Gy), PSD with its interval and location marked, head/feet and anterior/left/posterior/right labels, 10 cm scale, study date, device, profile and algorithm version; never patient names or ids';
const SVG_TEXT = { type: 'string', description: 'SVG 1.1 document' } as const;

@ApiTags('skin-dose')
@Controller('api/v1/studies')
export class SkinDoseController {
  constructor(
    private readonly studies: SkinDoseStudiesService,
    private readonly renderer: MapPngRenderer,
    private readonly validations: SkinDoseValidationsService,
  ) {}

  @Get(':studyInstanceUid/skin-dose')
  @Audited('read-study')
  @ApiOkResponse({ description: 'The skin dose, or why the study has none', schema: SKIN_DOSE_ANSWER })
  @ApiErrors({ ...GUARDED, 404: 'Unknown study in your site scope, or not computed yet' })
  @ApiOperation({ summary: 'Peak skin dose, its location, areas above thresholds, uncertainty, assumptions, profile' })
  async get(@CurrentPrincipal() principal: Principal, @Param('studyInstanceUid') uid: string): Promise<SkinDoseAnswer> {
    const study = await this.visibleStudy(uid, principal);
    if (study.notApplicable && study.computedAt) {
      return {
        studyInstanceUid: uid,
        status: 'not-applicable',
        reason: study.notApplicable,
        computedAt: study.computedAt,
        sopInstanceUids: study.sopInstanceUids,
      };
    }
    if (!study.result || !study.computedAt) throw new NotFoundException(`the skin dose of study ${uid} is not computed yet`);
    return {
      studyInstanceUid: uid,
      status: 'calculated',
      computedAt: study.computedAt,
      resultVersion: study.resultVersion,
      result: study.result,
      sopInstanceUids: study.sopInstanceUids,
    };
  }

  @Get(':studyInstanceUid/skin-dose/map.png')
  @Audited('read-study')
  @ApiContentResponse(200, 'The map as PNG', 'image/png', BINARY)
  @ApiErrors({ ...MAP_ERRORS })
  @ApiOperation({ summary: `The unrolled skin dose map as PNG: ${MAP_CONTENT}` })
  @ApiProduces('image/png')
  async mapPng(@CurrentPrincipal() principal: Principal, @Param('studyInstanceUid') uid: string): Promise<StreamableFile> {
    const png = this.renderer.png(await this.mapSvg(uid, principal));
    return new StreamableFile(Buffer.from(png), { type: 'image/png', length: png.byteLength });
  }

  @Get(':studyInstanceUid/skin-dose/map.svg')
  @ApiContentResponse(200, 'The map as SVG (text as text)', 'image/svg+xml', SVG_TEXT)
  @ApiErrors({ ...MAP_ERRORS })
  @ApiOperation({ summary: `The unrolled skin dose map as SVG: ${MAP_CONTENT}` })
  @ApiProduces('image/svg+xml')
  async mapSvgFile(@CurrentPrincipal() principal: Principal, @Param('studyInstanceUid') uid: string): Promise<StreamableFile> {
    const svg = Buffer.from(await this.mapSvg(uid, principal), 'utf8');
    return new StreamableFile(svg, { type: 'image/svg+xml; charset=utf-8', length: svg.byteLength });
  }

  /** The study's map figure: its stored result and map, the study date and device of its stored input. */
  private async mapSvg(uid: string, principal: Principal): Promise<string> {
    const study = await this.visibleStudy(uid, principal);
    if (study.notApplicable) throw new ConflictException(`study ${uid} has no skin dose map: ${study.notApplicable.reason}`);
    if (!study.result || !study.doseMap) throw new NotFoundException(`study ${uid} has no skin dose map (geometry unavailable or not computed)`);
    return renderSkinDoseMapSvg(studyMapFigure({ ...study.result, doseMap: deserializeDoseMap(study.doseMap) }, studyMapContextOf(study.procedure)));
  }

  @Post(':studyInstanceUid/skin-dose\\:recompute')
  @ApiOkResponse({ description: 'The new result, also announced', schema: RECOMPUTED })
  @ApiErrors({ ...GUARDED, 404: 'Unknown study in your site scope', 409: 'The study has no skin dose (the reason is given)' })
  @AllowRoles('physicist', 'site-admin')
  @Audited('change')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Recompute from the stored input with the current profiles, and announce the new result; 409 with the reason for a study without a skin dose (CT, mammography, radiography, no events)',
  })
  async recompute(
    @CurrentPrincipal() principal: Principal,
    @Param('studyInstanceUid') uid: string,
  ): Promise<{ studyInstanceUid: string; computedAt: string; resultVersion: number; result: SkinDoseFigures }> {
    await this.visibleStudy(uid, principal);
    const study = await this.studies.recompute(uid);
    return { studyInstanceUid: uid, computedAt: study.computedAt!, resultVersion: study.resultVersion, result: study.result! };
  }

  @Post(':studyInstanceUid/skin-dose/validations')
  @Audited('change')
  @AllowRoles('physicist')
  @HttpCode(201)
  @ApiBody({
    schema: {
      oneOf: [
        {
          type: 'object',
          required: ['kind', 'csv'],
          properties: {
            kind: { type: 'string', enum: ['points'] },
            csv: { type: 'string', description: 'header x_mm, y_mm, dose_gy (or dose_mgy): points on the unrolled map surface' },
          },
        },
        {
          type: 'object',
          required: ['kind', 'pngBase64', 'calibration', 'fiducials'],
          properties: {
            kind: { type: 'string', enum: ['film'] },
            pngBase64: {
              type: 'string',
              description: '8-bit grey or RGB PNG scan, base64 (the JSON body limit applies: downsample large scans, or use kerma validate film)',
            },
            calibration: {
              type: 'object',
              description: 'channel, unexposedPixelValue, darkPixelValue, curve (polynomial or rational in netOD → Gy), maxNetOd, pixelSpacingMm',
            },
            fiducials: {
              type: 'array',
              items: { type: 'object', properties: { pixel: { type: 'object' }, surfaceMm: { type: 'object' } } },
              minItems: 2,
              maxItems: 2,
            },
          },
        },
      ],
    },
  })
  @ApiCreatedResponse({ description: 'The comparison, stored with who made it and against which calculation', schema: VALIDATION })
  @ApiErrors({
    ...GUARDED,
    400: 'The body, the CSV, the PNG, the calibration or the fiducials are invalid (the message names what)',
    404: 'Unknown study in your site scope',
    409: 'The study has no skin dose map to compare with',
    413: 'The body is over the JSON limit (100 kB): downsample the scan, or compare with kerma validate film',
  })
  @ApiOperation({
    summary:
      'Import a measured dose distribution (point dosimeters as CSV, or a calibrated film scan with two fiducials) and compare it with the computed map: PSD difference, PSD location distance, areas above 2/3/5 Gy, picture',
  })
  async validate(@CurrentPrincipal() principal: Principal, @Param('studyInstanceUid') uid: string, @Body() body: unknown): Promise<ValidationView> {
    const study = await this.visibleStudy(uid, principal);
    return this.validations.create(study, body, principal.subject);
  }

  @Get(':studyInstanceUid/skin-dose/validations')
  @ApiOkResponse({ description: 'Every comparison of the study, newest first', schema: VALIDATIONS })
  @ApiErrors({ ...GUARDED, 404: 'Unknown study in your site scope' })
  @ApiOperation({ summary: 'Film and dosimeter comparisons made for this study' })
  async listValidations(@CurrentPrincipal() principal: Principal, @Param('studyInstanceUid') uid: string): Promise<{ validations: ValidationView[] }> {
    await this.visibleStudy(uid, principal);
    return { validations: await this.validations.list(uid) };
  }

  /** Another site's study is answered like an unknown one: its existence is not disclosed. */
  private async visibleStudy(uid: string, principal: Principal): Promise<SkinDoseStudy> {
    const study = await this.studies.get(uid);
    if (!canSeeSite(principal, study.site)) throw new NotFoundException(`no skin dose input for study ${uid}`);
    noteAudited({ sites: [study.site] });
    return study;
  }
}
