import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isDeepStrictEqual } from 'node:util';
import type { Repository } from 'typeorm';
import { NOTIFICATION_OPTIONS, type NotificationOptions } from '../notification-options';
import { AlertRuleSetVersion } from '../persistence/alert-rule-set.entity';
import { validateAlertRules, type AlertRule } from './alert-rule';

/**
 * The rules in force: the latest stored version. The configured rules (file, variable or SRDL defaults)
 * become a new version at start when they differ from the last version that came from configuration, so
 * a changed file takes effect and an unchanged file never undoes a change made through the admin API.
 */
@Injectable()
export class RuleSetService implements OnModuleInit {
  private readonly log = new Logger(RuleSetService.name);
  private current: AlertRuleSetVersion | null = null;

  constructor(
    @InjectRepository(AlertRuleSetVersion, 'notification') private readonly versions: Repository<AlertRuleSetVersion>,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: NotificationOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    const [lastFromFile] = await this.versions.find({ where: { source: 'file' }, order: { version: 'DESC' }, take: 1 });
    const configured = validateAlertRules(this.options.rules);
    if (!lastFromFile || !isDeepStrictEqual(lastFromFile.rules, configured)) {
      await this.store(configured, 'file', 'kerma', 'rules from configuration at start');
    }
    this.current = await this.latest();
  }

  rules(): readonly AlertRule[] {
    if (!this.current) throw new Error('alert rules read before the notification module started');
    return this.current.rules;
  }

  version(): AlertRuleSetVersion {
    if (!this.current) throw new Error('alert rules read before the notification module started');
    return this.current;
  }

  /** Validates (throws naming the rule and field) and stores a new version from the admin API. */
  async replace(raw: unknown, by: string, note: string | null): Promise<AlertRuleSetVersion> {
    const rules = validateAlertRules(raw);
    const stored = await this.store(rules, 'api', by, note);
    this.current = stored;
    return stored;
  }

  history(): Promise<AlertRuleSetVersion[]> {
    return this.versions.find({ order: { version: 'DESC' } });
  }

  private async latest(): Promise<AlertRuleSetVersion> {
    const [row] = await this.versions.find({ order: { version: 'DESC' }, take: 1 });
    return row!;
  }

  /** The primary key makes two concurrent writers of the same version number fail instead of overwriting each other. */
  private async store(rules: AlertRule[], source: 'file' | 'api', by: string, note: string | null): Promise<AlertRuleSetVersion> {
    const [last] = await this.versions.find({ order: { version: 'DESC' }, take: 1 });
    const row = this.versions.create({ version: (last?.version ?? 0) + 1, rules, source, changedBy: by, changedAt: new Date().toISOString(), note });
    await this.versions.insert(row);
    this.log.log({ msg: 'alert rules version stored', version: row.version, source, ruleCount: rules.length });
    return row;
  }
}
