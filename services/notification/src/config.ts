import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, env, loadConfig } from '@kerma/platform';
import { deliveryOptionsFromEnv } from './delivery/delivery-config';
import type { NotificationOptions } from './notification-options';
import { DEFAULT_ALERT_RULES, parseAlertRules, type AlertRule } from './rules/alert-rule';

/** Alert rules: KERMA_ALERT_RULES (JSON) or KERMA_ALERT_RULES_FILE, else the SRDL defaults. */
export function alertRulesFromEnv(source: NodeJS.ProcessEnv = process.env): readonly AlertRule[] {
  const inline = source.KERMA_ALERT_RULES;
  const file = source.KERMA_ALERT_RULES_FILE;
  if (inline && file) throw new ConfigError(['KERMA_ALERT_RULES and KERMA_ALERT_RULES_FILE: set one, not both']);
  const variable = inline ? 'KERMA_ALERT_RULES' : 'KERMA_ALERT_RULES_FILE';
  try {
    if (inline) return parseAlertRules(inline);
    if (file) return parseAlertRules(readFileSync(file, 'utf8'));
  } catch (err) {
    const detail = err instanceof z.ZodError ? err.issues.map((i) => `rule ${i.path.join('.')}: ${i.message}`).join('; ') : (err as Error).message;
    throw new ConfigError([`${variable}: ${detail}`]);
  }
  return DEFAULT_ALERT_RULES;
}

/** Deployed configuration of the notification service, validated at start-up. */
export function notificationConfigFromEnv(source: NodeJS.ProcessEnv = process.env): { port: number; options: NotificationOptions } {
  const cfg = loadConfig({ PORT: env.port(3005), DATABASE_URL: env.postgresUrl(), KERMA_FOLLOW_UP_SWEEP_MS: env.positiveInt(60_000) }, source);
  return {
    port: cfg.PORT,
    options: {
      database: { kind: 'postgres', url: cfg.DATABASE_URL },
      rules: alertRulesFromEnv(source),
      followUpSweepIntervalMs: cfg.KERMA_FOLLOW_UP_SWEEP_MS,
      delivery: deliveryOptionsFromEnv(source),
    },
  };
}
