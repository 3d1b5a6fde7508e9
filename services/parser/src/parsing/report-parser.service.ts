import { Inject, Injectable } from '@nestjs/common';
import { PermanentFailure } from '@kerma/messaging';
import { parseDoseReport, type Procedure } from '@kerma/rdsr';
import type { RdsrReceivedV1 } from '@kerma/contracts';
import { PARSER_OPTIONS, type ParserOptions } from '../parser-options';
import { readEmbeddedOriginal } from './embedded-original';
import { fetchObject } from './fetch-object';

/**
 * Reads an announced object: from the event when it carries the original, otherwise from ingest at
 * the claim check (retrieveUrl); a report Kerma cannot read is a permanent failure with
 * the parser's typed reason. The patient's name, present in the original (so on rdsr.received when
 * it is carried there), is dropped here: no service downstream needs it, so it goes no further.
 */
@Injectable()
export class ReportParserService {
  constructor(@Inject(PARSER_OPTIONS) private readonly options: ParserOptions) {}

  async parse(received: RdsrReceivedV1): Promise<Procedure> {
    const bytes = await this.original(received);
    const outcome = parseDoseReport(bytes);
    if (!outcome.ok) throw new PermanentFailure(outcome.error.message, outcome.error.code);
    if (outcome.procedure.study.sopInstanceUid !== received.sopInstanceUid) {
      throw new PermanentFailure(
        `the object read is ${outcome.procedure.study.sopInstanceUid}, not the announced ${received.sopInstanceUid}`,
        'object-mismatch',
      );
    }
    return { ...outcome.procedure, patient: { ...outcome.procedure.patient, name: null } };
  }

  private async original(received: RdsrReceivedV1): Promise<Uint8Array> {
    if (received.original) return readEmbeddedOriginal(received.original, received, this.options.maxObjectBytes);
    const headers = this.options.serviceToken ? await this.options.serviceToken.authorizationHeader() : {};
    return fetchObject(received.retrieveUrl, received.sha256, this.options.maxObjectBytes, this.options.fetchTimeoutMs, headers);
  }
}
