import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AllowRoles, ApiErrors, canSeeSite, CurrentPrincipal, GUARDED, type Principal, Audited, JSON_BODY_LIMIT } from '@kerma/platform';
import { REPROCESS_SELECTION, REPROCESS_SELECTION_OUTCOME } from '../api-schemas';
import { ReprocessService, type SelectionOutcome } from './reprocess.service';

/** A page of a selection: `kerma reprocess --since …` pages the study list and sends each page here once. */
export const MAX_STUDIES_PER_PAGE = 500;

const selectionSchema = z
  .object({
    studyInstanceUids: z
      .array(
        z
          .string()
          .regex(/^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/, 'a Study Instance UID is digits and dots')
          .max(64),
      )
      .min(1)
      .max(MAX_STUDIES_PER_PAGE),
  })
  .strict();

/** Operator actions on a selection of studies. */
@ApiTags('ingest')
@Controller('api/v1/reprocess')
export class ReprocessSelectionController {
  constructor(private readonly reprocess: ReprocessService) {}

  @Post()
  @Audited('change')
  @ApiBody({ schema: REPROCESS_SELECTION })
  @ApiAcceptedResponse({ description: 'The stored objects of the studies found are announced again', schema: REPROCESS_SELECTION_OUTCOME })
  @ApiErrors({
    ...GUARDED,
    ...JSON_BODY_LIMIT,
    400: `The body is not { studyInstanceUids: [1 to ${MAX_STUDIES_PER_PAGE} UIDs] } (the message names the field)`,
  })
  @AllowRoles('physicist', 'site-admin')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Re-drive the stored objects of a page of studies through the pipeline (each study gets a new revision; studies with nothing stored in your site scope are listed as not found)',
  })
  studies(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<SelectionOutcome> {
    const parsed = selectionSchema.safeParse(body ?? {});
    if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    return this.reprocess.reprocessStudies([...new Set(parsed.data.studyInstanceUids)], (site) => canSeeSite(principal, site));
  }
}
