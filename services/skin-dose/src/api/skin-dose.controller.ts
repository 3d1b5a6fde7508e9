import { ConflictException, Controller, Get, HttpCode, NotFoundException, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { deserializeDoseMap, renderSkinDoseMapPng } from '@kerma/dosimetry';
import { AllowRoles, ApiContentResponse, ApiErrors, Audited, BINARY, canSeeSite, CurrentPrincipal, GUARDED, noteAudited, type Principal } from '@kerma/platform';
import { RECOMPUTED, SKIN_DOSE_ANSWER } from './api-schemas';
import { SkinDoseStudiesService } from '../calculation/skin-dose-studies.service';
import type { SkinDoseStudy } from '../persistence/skin-dose-study.entity';
import type { SkinDoseFigures } from '../calculation/skin-dose-figures';

type SkinDoseAnswer =
  | { studyInstanceUid: string; status: 'calculated'; computedAt: string; result: SkinDoseFigures; sopInstanceUids: string[] }
  | { studyInstanceUid: string; status: 'not-applicable'; reason: { code: string; reason: string }; computedAt: string; sopInstanceUids: string[] };

@ApiTags('skin-dose')
@Controller('api/v1/studies')
export class SkinDoseController {
  constructor(private readonly studies: SkinDoseStudiesService) {}

  @Get(':studyInstanceUid/skin-dose')
  @Audited('read-study')
  @ApiOkResponse({ description: 'The skin dose, or why the study has none', schema: SKIN_DOSE_ANSWER })
  @ApiErrors({ ...GUARDED, 404: 'Unknown study in your site scope, or not computed yet' })
  @ApiOperation({ summary: 'Peak skin dose, its location, areas above thresholds, uncertainty, assumptions, profile' })
  async get(@CurrentPrincipal() principal: Principal, @Param('studyInstanceUid') uid: string): Promise<SkinDoseAnswer> {
    const study = await this.visibleStudy(uid, principal);
    if (study.notApplicable && study.computedAt) {
      return { studyInstanceUid: uid, status: 'not-applicable', reason: study.notApplicable, computedAt: study.computedAt, sopInstanceUids: study.sopInstanceUids };
    }
    if (!study.result || !study.computedAt) throw new NotFoundException(`the skin dose of study ${uid} is not computed yet`);
    return { studyInstanceUid: uid, status: 'calculated', computedAt: study.computedAt, result: study.result, sopInstanceUids: study.sopInstanceUids };
  }

  @Get(':studyInstanceUid/skin-dose/map.png')
  @Audited('read-study')
  @ApiContentResponse(200, 'The map as PNG', 'image/png', BINARY)
  @ApiErrors({ ...GUARDED, 404: 'Unknown study in your site scope, or no map (geometry unavailable or not computed)', 409: 'The study has no skin dose (CT, mammography, radiography, no events)' })
  @ApiOperation({ summary: 'The unrolled skin dose map, clinical colour bands, PSD marked' })
  @ApiProduces('image/png')
  async map(@CurrentPrincipal() principal: Principal, @Param('studyInstanceUid') uid: string): Promise<StreamableFile> {
    const study = await this.visibleStudy(uid, principal);
    if (study.notApplicable) throw new ConflictException(`study ${uid} has no skin dose map: ${study.notApplicable.reason}`);
    if (!study.result || !study.doseMap) throw new NotFoundException(`study ${uid} has no skin dose map (geometry unavailable or not computed)`);
    const png = renderSkinDoseMapPng({ ...study.result, doseMap: deserializeDoseMap(study.doseMap) });
    return new StreamableFile(Buffer.from(png), { type: 'image/png', length: png.byteLength });
  }

  @Post(':studyInstanceUid/skin-dose\\:recompute')
  @ApiOkResponse({ description: 'The new result, also announced', schema: RECOMPUTED })
  @ApiErrors({ ...GUARDED, 404: 'Unknown study in your site scope', 409: 'The study has no skin dose (the reason is given)' })
  @AllowRoles('physicist', 'site-admin')
  @Audited('change')
  @HttpCode(200)
  @ApiOperation({ summary: 'Recompute from the stored input with the current profiles, and announce the new result; 409 with the reason for a study without a skin dose (CT, mammography, radiography, no events)' })
  async recompute(@CurrentPrincipal() principal: Principal, @Param('studyInstanceUid') uid: string): Promise<{ studyInstanceUid: string; computedAt: string; result: SkinDoseFigures }> {
    await this.visibleStudy(uid, principal);
    const study = await this.studies.recompute(uid);
    return { studyInstanceUid: uid, computedAt: study.computedAt!, result: study.result! };
  }

  /** Another site's study is answered like an unknown one: its existence is not disclosed. */
  private async visibleStudy(uid: string, principal: Principal): Promise<SkinDoseStudy> {
    const study = await this.studies.get(uid);
    if (!canSeeSite(principal, study.site)) throw new NotFoundException(`no skin dose input for study ${uid}`);
    noteAudited({ sites: [study.site] });
    return study;
  }
}
