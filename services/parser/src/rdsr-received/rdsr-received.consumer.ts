import { Controller, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { PatientIdentityV1, patientIdDigest, procedureV2Of, RdsrReceivedV1, StudyParsedV2 } from '@kerma/contracts';
import { ConsumeEvent, EventPublisher } from '@kerma/messaging';
import { PARSER_VERSION } from '@kerma/rdsr';
import { ReportParserService } from '../parsing/report-parser.service';
import { StudyAssemblyService } from '../study-assembly/study-assembly.service';

/**
 * kerma.rdsr.received.v1 → read the report → kerma.patient-identity.v1 (who the patient is) and
 * kerma.study.parsed.v2 (the whole study as now known, the patient by key only).
 */
@Controller()
export class RdsrReceivedConsumer {
  private readonly log = new Logger(RdsrReceivedConsumer.name);

  constructor(
    private readonly parser: ReportParserService,
    private readonly studies: StudyAssemblyService,
    private readonly events: EventPublisher,
  ) {}

  @ConsumeEvent(RdsrReceivedV1, 'kerma-parser')
  async onRdsrReceived(@Payload() received: RdsrReceivedV1): Promise<void> {
    const procedure = await this.parser.parse(received);
    const state = await this.studies.add(procedure, received.site, received.objectId, received.reprocess === true);
    this.log.log({
      msg: 'report parsed',
      sopInstanceUid: received.sopInstanceUid,
      studyInstanceUid: received.studyInstanceUid,
      relation: state.relation.kind,
      events: procedure.events.length,
      reportsInStudy: state.sopInstanceUids.length,
      reprocess: received.reprocess === true,
    });
    if (state.alreadyAnnounced) return;
    const occurredAt = new Date().toISOString();
    // Both or neither: the state is marked announced only once both are acknowledged, so a failure in
    // between redelivers the report and publishes both again (consumers are idempotent). The identity
    // goes first so it usually precedes the study; consumers handle either order.
    await this.events.publish(PatientIdentityV1, {
      eventId: randomUUID(),
      occurredAt,
      site: received.site,
      studyInstanceUid: received.studyInstanceUid,
      studyRevision: state.revision,
      patient: received.patient,
    });
    await this.events.publish(StudyParsedV2, {
      eventId: randomUUID(),
      occurredAt,
      site: received.site,
      studyInstanceUid: received.studyInstanceUid,
      patient: { key: received.patient.key, idDigest: patientIdDigest(received.site, received.patient.id) },
      triggeringSopInstanceUid: received.sopInstanceUid,
      relation: state.relation.kind,
      studyRevision: state.revision,
      sopInstanceUids: state.sopInstanceUids,
      procedure: procedureV2Of(state.procedure),
      parserVersion: PARSER_VERSION,
    });
    await this.studies.markAnnounced([received.sopInstanceUid, ...state.sopInstanceUids]);
  }
}
