import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { FhirPush } from './fhir-push.entity';
import { FHIR_PUSH_OPTIONS, type FhirPushOptions } from './fhir-push-options';

/**
 * Notes that a study's dose summary is to be pushed (it was parsed, or changed): its journal row becomes pending
 * again with a new generation, at once due. Without KERMA_FHIR_PUSH_URL nothing is noted.
 */
@Injectable()
export class FhirPushOutbox {
  constructor(
    @InjectRepository(FhirPush, 'history') private readonly pushes: Repository<FhirPush>,
    @Optional() @Inject(FHIR_PUSH_OPTIONS) private readonly options?: FhirPushOptions,
  ) {}

  get enabled(): boolean {
    return this.options !== undefined;
  }

  async enqueue(studyInstanceUid: string, site: string, now: Date = new Date()): Promise<void> {
    if (!this.options) return;
    const at = now.toISOString();
    const due = { status: 'pending' as const, attempts: 0, nextAttemptAt: at, lastError: null, queuedAt: at };
    const requeue = () =>
      this.pushes
        .createQueryBuilder()
        .update(FhirPush)
        .set({ ...due, site, generation: () => 'generation + 1' })
        .where('study_instance_uid = :studyInstanceUid', { studyInstanceUid })
        .execute();
    if ((await requeue()).affected === 1) return;
    await this.pushes
      .createQueryBuilder()
      .insert()
      .into(FhirPush)
      .values({ studyInstanceUid, site, generation: 1, leasedUntil: null, pushedAt: null, ...due })
      .orIgnore() // ON CONFLICT DO NOTHING (INSERT OR IGNORE): a concurrent enqueue of the same study may insert first
      .execute();
    // The row exists now, ours or the concurrent one: raising its generation once more is harmless.
    if ((await requeue()).affected !== 1) throw new Error(`study ${studyInstanceUid}: could not queue its FHIR push`);
  }
}
