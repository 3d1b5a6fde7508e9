import { Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { KermaMetrics, type StageCount } from '@kerma/platform';
import { StudyRecord } from '../persistence/study-record.entity';

/** The stages a study goes through, as the record's state columns. */
const STAGE_COLUMNS = { received: 'receivedState', parsed: 'parsedState', 'skin-dose': 'skinDoseState' } as const;

/**
 * Studies per stage and state for `kerma_studies`, counted from history's own records on scrape:
 * the figure is what history holds, also after a restart or a replay, not a counter that drifts.
 */
@Injectable()
export class StudyStageMetrics implements OnModuleInit {
  private readonly log = new Logger(StudyStageMetrics.name);

  constructor(
    @InjectRepository(StudyRecord, 'history') private readonly records: Repository<StudyRecord>,
    @Optional() private readonly metrics?: KermaMetrics,
  ) {}

  onModuleInit(): void {
    this.metrics?.trackStudiesPerStage(
      () => this.count(),
      (err) => this.log.warn({ msg: 'studies per stage not counted', error: err.message }),
    );
  }

  async count(): Promise<StageCount[]> {
    const counts = await Promise.all(
      Object.entries(STAGE_COLUMNS).map(async ([stage, column]) => {
        const rows = await this.records
          .createQueryBuilder('s')
          .select(`s.${column}`, 'state')
          .addSelect('COUNT(*)', 'studies')
          .groupBy(`s.${column}`)
          .getRawMany<{ state: string; studies: string | number }>();
        return rows.map((r) => ({ stage, state: r.state, studies: Number(r.studies) }));
      }),
    );
    return counts.flat();
  }
}
