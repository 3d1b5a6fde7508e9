import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import type { SkinDoseOptions } from '@kerma/dosimetry';
import { PatientSize, type ExternalSizeSource } from './patient-size.entity';

export interface ReceivedSize {
  readonly studyInstanceUid: string;
  readonly heightM: number | null;
  readonly massKg: number | null;
  readonly source: ExternalSizeSource;
  readonly reference: string;
}

/** Heights and masses received for studies from outside the report; the latest of each applies. */
@Injectable()
export class PatientSizesService {
  constructor(@InjectRepository(PatientSize, 'skin-dose') private readonly sizes: Repository<PatientSize>) {}

  async store(received: readonly ReceivedSize[], by: string): Promise<void> {
    const receivedAt = new Date().toISOString();
    await this.sizes.save(received.map((r) => this.sizes.create({ ...r, id: randomUUID(), receivedAt, receivedBy: by })));
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
