import { Injectable } from '@nestjs/common';
import type { CumulativeSkinDose } from '@kerma/dosimetry';
import type { StudyRecord } from '../persistence/study-record.entity';
import { studyTime } from '../patients/dose-history';
import { patientSkinDose } from './patient-skin-dose';
import { SkinDoseMapsService } from './skin-dose-maps.service';

const MAX_ENTRIES = 500;

/**
 * The cumulative skin dose of a set of studies, remembered while none of its inputs changed: the key
 * names every study of the window with its skin dose revision and calculation time, and every map row
 * with its own, so a recompute, a late report or a study leaving the window is a new key. The
 * pre-procedure look-up then only reads the study rows and the map versions (no grids, no resampling).
 */
@Injectable()
export class CumulativeSkinDoseCache {
  private readonly entries = new Map<string, CumulativeSkinDose>();

  constructor(private readonly maps: SkinDoseMapsService) {}

  async of(inWindow: readonly StudyRecord[]): Promise<CumulativeSkinDose> {
    const uids = inWindow.map((r) => r.studyInstanceUid);
    const versions = await this.maps.versionsOf(uids);
    const key = inWindow
      .map((r) =>
        [
          r.studyInstanceUid,
          studyTime(r),
          r.skinDoseState,
          r.skinDose?.studyRevision ?? '-',
          r.skinDose?.calculatedAt ?? '-',
          versions.get(r.studyInstanceUid) ?? '-',
        ].join('|'),
      )
      .sort()
      .join('\n');
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used last: the oldest entry is the first to go.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const computed = patientSkinDose(inWindow, await this.maps.ofStudies(uids));
    this.entries.set(key, computed);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return computed;
  }
}
