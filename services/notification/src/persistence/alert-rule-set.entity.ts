import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AlertRule } from '../rules/alert-rule';

/** Every version of the alert rules ever in force, with who changed them and from where: the rules' audit trail. */
@Entity({ name: 'alert_rule_set_version' })
export class AlertRuleSetVersion {
  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'simple-json' })
  rules!: AlertRule[];

  /** 'file' (KERMA_ALERT_RULES / _FILE or the SRDL defaults, applied at start when they changed) or 'api'. */
  @Column({ type: 'varchar', length: 8 })
  source!: 'file' | 'api';

  @Column({ name: 'changed_by', type: 'varchar', length: 128 })
  changedBy!: string;

  @Column({ name: 'changed_at', type: 'varchar', length: 32 })
  changedAt!: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note!: string | null;
}
