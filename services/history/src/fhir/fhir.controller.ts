import { BadRequestException, ConflictException, Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FHIR_JSON, IG_CANONICAL, IG_VERSION, radiationDoseBundle, type BundleType, type FhirResource } from '@kerma/fhir';
import { Audited, ApiContentResponse, ApiErrors, assertKnownQuery, canSeeSite, CurrentPrincipal, GUARDED, schema, type Principal } from '@kerma/platform';
import { StudyRecordsService } from '../studies/study-records.service';
import { fhirStudyInput } from './fhir-study-input';

const BUNDLE_TYPES: readonly BundleType[] = ['collection', 'transaction'];
const FHIR_BUNDLE = schema.object({ resourceType: schema.enum(['Bundle']), type: schema.enum(BUNDLE_TYPES), entry: schema.array({ type: 'object' }) });

/**
 * A study's dose as HL7 FHIR R4 per the Radiation Dose Summary IG: a Bundle with the RadiationDoseSummary
 * Observation, Patient (identifier only), ImagingStudy and Device. Not a FHIR server: one export path per study.
 */
@ApiTags('fhir')
@Controller('fhir/studies')
export class FhirController {
  constructor(private readonly studies: StudyRecordsService) {}

  @Get(':studyInstanceUid/radiation-dose-summary')
  @Audited('read-study')
  @ApiContentResponse(200, `FHIR R4 Bundle (${IG_CANONICAL} ${IG_VERSION})`, FHIR_JSON, FHIR_BUNDLE)
  @ApiErrors({
    ...GUARDED,
    400: 'An unknown parameter, or a type other than collection or transaction',
    404: 'No such study in your site scope',
    409: 'The dose report is not parsed yet: no figures to export',
  })
  @ApiOperation({ summary: "The study's radiation dose summary as a FHIR R4 Bundle (Observation, Patient, ImagingStudy, Device)" })
  @ApiProduces(FHIR_JSON)
  @ApiQuery({ name: 'type', required: false, description: 'collection (default) or transaction (to POST to a FHIR server)' })
  async radiationDoseSummary(
    @CurrentPrincipal() principal: Principal,
    @Param('studyInstanceUid') studyInstanceUid: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FhirResource> {
    assertKnownQuery(query, ['type']);
    const type = bundleType(query.type);
    const record = await this.studies.find(studyInstanceUid);
    // Another site's study is answered exactly like an unknown one.
    if (!record || !canSeeSite(principal, record.site)) throw new NotFoundException(`no study ${studyInstanceUid} is known`);
    if (record.kind === null) throw new ConflictException(`study ${studyInstanceUid}: the dose report is not parsed yet`);
    // Set here, not by a route header: error answers keep the common JSON error body and its content type.
    response.type(`${FHIR_JSON}; charset=utf-8`);
    return radiationDoseBundle(fhirStudyInput(record), type);
  }
}

function bundleType(value: unknown): BundleType {
  if (value === undefined) return 'collection';
  if (typeof value === 'string' && (BUNDLE_TYPES as readonly string[]).includes(value)) return value as BundleType;
  throw new BadRequestException(`type must be one of ${BUNDLE_TYPES.join(', ')}`);
}
