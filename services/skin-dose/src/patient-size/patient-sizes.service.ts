import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { LessThan, MoreThan, type Repository } from 'typeorm';
import type { SkinDoseOptions } from '@kerma/dosimetry';
import { DEFAULT_PENDING_SIZE_DAYS, SKIN_DOSE_OPTIONS, type SkinDoseServiceOptions } from '../skin-dose-options';
import { PatientSize, type ExternalSizeSource } from './patient-size.entity';
import { PendingPatientSize } from './pending-patient-size.entity';
import { latestPer } from './latest-per-study';

export interface ReceivedSize {
  readonly studyInstanceUid: string;
  readonly heightM: number | null;
  readonly massKg: number | null;
  readonly source: ExternalSizeSource;
  readonly reference: string;
}

/** A size for a study not received yet, kept for the study of this key at this site. */
export interface PendingSize {
  readonly key: { readonly kind: 'accession-number' | 'study-instance-uid'; readonly value: string };
  readonly site: string;
  readonly heightM: number | null;
  readonly massKg: number | null;
  readonly source: ExternalSizeSource;
  readonly reference: string;
}

const DAY_MS = 86_400_000;

/** Heights and masses received for studies from outside the report; the latest of each applies. */
@Injectable()
export class PatientSizesService {
  private readonly log = new Logger(PatientSizesService.name);

  constructor(
    @InjectRepository(PatientSize, 'skin-dose') private readonly sizes: Repository<PatientSize>,
    @InjectRepository(PendingPatientSize, 'skin-dose') private readonly pending: Repository<PendingPatientSize>,
    @Inject(SKIN_DOSE_OPTIONS) private readonly options: SkinDoseServiceOptions,
  ) {}

  async store(received: readonly ReceivedSize[], by: string): Promise<void> {
    const receivedAt = new Date().toISOString();
    await this.sizes.save(received.map((r) => this.sizes.create({ ...r, id: randomUUID(), receivedAt, receivedBy: by })));
  }

  /** Keeps sizes until their study arrives or they expire; returns when they expire. */
  async keepPending(received: readonly PendingSize[], by: string): Promise<string> {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + (this.options.pendingSizeDays ?? DEFAULT_PENDING_SIZE_DAYS) * DAY_MS).toISOString();
    const merged = latestPer(received, (r) => `${r.key.kind}|${r.key.value}|${r.site}`);
    await this.pending.save(
      merged.map(({ key, ...r }) =>
        this.pending.create({ ...r, keyKind: key.kind, keyValue: key.value, id: randomUUID(), receivedAt: now.toISOString(), receivedBy: by, expiresAt }),
      ),
    );
    return expiresAt;
  }

  /**
   * Gives a study arriving for the first time the unexpired sizes kept for its UID or accession number
   * at its site (they stay until they expire: one accession number may cover several studies). Expired
   * sizes are deleted here, so they never accumulate.
   */
  async adoptPending(study: { studyInstanceUid: string; accessionNumber: string | null; site: string }): Promise<void> {
    const now = new Date().toISOString();
    await this.pending.delete({ expiresAt: LessThan(now) });
    const keys = [
      { keyKind: 'study-instance-uid' as const, keyValue: study.studyInstanceUid },
      ...(study.accessionNumber ? [{ keyKind: 'accession-number' as const, keyValue: study.accessionNumber }] : []),
    ];
    const found = await this.pending.find({ where: keys.map((k) => ({ ...k, site: study.site, expiresAt: MoreThan(now) })) });
    if (found.length === 0) return;
    await this.sizes.save(
      found.map((p) =>
        this.sizes.create({
          id: randomUUID(),
          studyInstanceUid: study.studyInstanceUid,
          heightM: p.heightM,
          massKg: p.massKg,
          source: p.source,
          reference: p.reference,
          receivedAt: p.receivedAt,
          receivedBy: p.receivedBy,
        }),
      ),
    );
    this.log.log({ msg: 'patient sizes received before the study applied', sizes: found.length });
  }

  /** Engine options for the study's phantom: the latest height and the latest mass received, each with its source. */
  async engineOptions(studyInstanceUid: string): Promise<Pick<SkinDoseOptions, 'patientHeightM' | 'patientMassKg' | 'patientSizeSources'>> {
    const rows = await this.sizes.find({ where: { studyInstanceUid }, order: { receivedAt: 'DESC' } });
    const height = rows.find((r) => r.heightM !== null);
    const mass = rows.find((r) => r.massKg !== null);
    return {
      ...(height ? { patientHeightM: height.heightM! } : {}),
      ...(mass ? { patientMassKg: mass.massKg! } : {}),
      patientSizeSources: { ...(height ? { heightM: height.source } : {}), ...(mass ? { massKg: mass.source } : {}) },
    };
  }
}
