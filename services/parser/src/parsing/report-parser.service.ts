import { Inject, Injectable } from '@nestjs/common';
import { PermanentFailure } from '@kerma/messaging';
import { parseDoseReport, type Procedure } from '@kerma/rdsr';
import type { RdsrReceivedV1 } from '@kerma/contracts';
import { PARSER_OPTIONS, type ParserOptions } from '../parser-options';
import { fetchObject } from './fetch-object';

/**
 * Fetches an announced object and reads it; a report Kerma cannot read is a permanent failure with
 * the parser's typed reason. The patient's name stays in the archived original: no service needs it,
 * so it never travels on the bus.
 */
@Injectable()
export class ReportParserService {
  constructor(@Inject(PARSER_OPTIONS) private readonly options: ParserOptions) {}

  async parse(received: RdsrReceivedV1): Promise<Procedure> {
    const headers = this.options.serviceToken ? await this.options.serviceToken.authorizationHeader() : {};
    const bytes = await fetchObject(received.retrieveUrl, received.sha256, this.options.maxObjectBytes, this.options.fetchTimeoutMs, headers);
    const outcome = parseDoseReport(bytes);
    if (!outcome.ok) throw new PermanentFailure(outcome.error.message, outcome.error.code);
    if (outcome.procedure.study.sopInstanceUid !== received.sopInstanceUid) {
      throw new PermanentFailure(
        `the fetched object is ${outcome.procedure.study.sopInstanceUid}, not the announced ${received.sopInstanceUid}`,
        'object-mismatch',
      );
    }
    return { ...outcome.procedure, patient: { ...outcome.procedure.patient, name: null } };
  }
}
