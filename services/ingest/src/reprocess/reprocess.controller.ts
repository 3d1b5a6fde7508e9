import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowRoles, ApiErrors, Audited, canSeeSite, CurrentPrincipal, GUARDED, type Principal } from '@kerma/platform';
import { REPROCESS_OUTCOME } from '../api-schemas';
import { ReprocessService, type ReprocessOutcome } from './reprocess.service';

/** Operator actions on stored objects. */
@ApiTags('ingest')
@Controller('api/v1/studies')
export class ReprocessController {
  constructor(private readonly reprocess: ReprocessService) {}

  @Post(':studyInstanceUid\\:reprocess')
  @ApiAcceptedResponse({ description: 'The stored objects are announced again', schema: REPROCESS_OUTCOME })
  @ApiErrors({ ...GUARDED, 404: 'No stored object of the study in your site scope' })
  @AllowRoles('physicist', 'site-admin')
  @HttpCode(202)
  @Audited('change')
  @ApiOperation({ summary: 'Re-drive every stored object of the study through the pipeline (announced again as a reprocess; the study gets a new revision)' })
  study(@CurrentPrincipal() principal: Principal, @Param('studyInstanceUid') studyInstanceUid: string): Promise<ReprocessOutcome> {
    return this.reprocess.reprocessStudy(studyInstanceUid, (site) => canSeeSite(principal, site));
  }
}
