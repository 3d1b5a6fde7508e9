import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowRoles, canSeeSite, CurrentPrincipal, type Principal } from '@kerma/platform';
import { ReprocessService, type ReprocessOutcome } from './reprocess.service';

/** Operator actions on stored objects. */
@ApiTags('ingest')
@Controller('api/v1/studies')
export class ReprocessController {
  constructor(private readonly reprocess: ReprocessService) {}

  @Post(':studyInstanceUid\\:reprocess')
  @AllowRoles('physicist', 'site-admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Re-drive every stored object of the study through the pipeline (announced again as a reprocess; the study gets a new revision)' })
  study(@CurrentPrincipal() principal: Principal, @Param('studyInstanceUid') studyInstanceUid: string): Promise<ReprocessOutcome> {
    return this.reprocess.reprocessStudy(studyInstanceUid, (site) => canSeeSite(principal, site));
  }
}
