import { BadRequestException, ConflictException, Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { FindOptionsWhere, Repository } from 'typeorm';
import { StudyRecord } from '../persistence/study-record.entity';
import { doseHistory } from './dose-history';

@ApiTags('patients')
@Controller('api/v1/patients')
export class PatientsController {
  constructor(@InjectRepository(StudyRecord, 'history') private readonly records: Repository<StudyRecord>) {}

  @Get(':patientId/dose-history')
  @ApiOperation({ summary: "A patient's procedures across sites, with cumulative Ka,r, KAP, fluoroscopy time and Σ PSD" })
  @ApiQuery({ name: 'issuer', required: false, description: 'Issuer of Patient ID; without it, ids from every issuer match' })
  @ApiQuery({ name: 'site', required: false })
  @ApiQuery({ name: 'windowDays', required: false, description: 'Recent window for the sums (default 60)' })
  async history(
    @Param('patientId') patientId: string,
    @Query('issuer') issuer?: string,
    @Query('site') site?: string,
    @Query('windowDays') windowDays = '60',
  ) {
    const days = Number(windowDays);
    if (!Number.isInteger(days) || days < 1 || days > 36_500) throw new BadRequestException('windowDays must be an integer from 1 to 36500');
    const where: FindOptionsWhere<StudyRecord> = { patientId, ...(issuer ? { patientIdIssuer: issuer } : {}), ...(site ? { site } : {}) };
    const records = await this.records.find({ where });
    if (records.length === 0) throw new NotFoundException(`no studies for patient ${patientId}${issuer ? ` (issuer ${issuer})` : ''}`);
    const issuers = [...new Set(records.map((r) => r.patientIdIssuer))];
    // The same id under two issuers is two patients until someone says otherwise: never add them up silently.
    if (!issuer && issuers.length > 1) {
      throw new ConflictException(`patient id ${patientId} exists under several issuers (${issuers.map((i) => i ?? '(none)').join(', ')}): add ?issuer=`);
    }
    return { patient: { id: patientId, issuers }, ...doseHistory(records, days, new Date()) };
  }
}
