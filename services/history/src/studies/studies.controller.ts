import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { canSeeSite, CurrentPrincipal, type Principal } from '@kerma/platform';
import { StudyRecordsService } from './study-records.service';
import { studyView, type StudyView } from './study-view';

@ApiTags('studies')
@Controller('api/v1/studies')
export class StudiesController {
  constructor(private readonly studies: StudyRecordsService) {}

  @Get(':studyInstanceUid')
  @ApiOperation({ summary: 'A study: processing status per stage, totals, peak skin dose, alerts, or the failure reason' })
  async get(@CurrentPrincipal() principal: Principal, @Param('studyInstanceUid') studyInstanceUid: string): Promise<StudyView> {
    const record = await this.studies.find(studyInstanceUid);
    // Another site's study is answered exactly like an unknown one: its existence is not disclosed either.
    if (!record || !canSeeSite(principal, record.site)) throw new NotFoundException(`no study ${studyInstanceUid} is known`);
    return studyView(record);
  }
}
