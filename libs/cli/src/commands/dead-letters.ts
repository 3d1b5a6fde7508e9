import type { Command } from 'commander';
import type { DeadLetterFilter, StoredDeadLetter } from '@kerma/messaging';

/** Loaded on first use: NestJS, kafkajs and the contracts cost a few hundred milliseconds only these commands need. */
const messaging = () => import('@kerma/messaging');

async function deadLetterTopics(): Promise<string[]> {
  return (await import('@kerma/contracts')).ALL_CONTRACTS.map((c) => c.deadLetterTopic);
}

interface Options {
  readonly brokers: string;
  readonly group?: string;
  readonly code?: string;
  readonly dryRun?: boolean;
}

function settings(brokers: string) {
  return {
    brokers: brokers
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    serviceId: 'kerma-cli',
    partitions: 1,
    replicationFactor: 1,
  };
}

async function topicOf(name: string): Promise<string> {
  const topics = await deadLetterTopics();
  if (!topics.includes(name)) throw new Error(`"${name}" is not a Kerma dead-letter topic (one of ${topics.join(', ')})`);
  return name;
}

function line({ partition, offset, letter }: StoredDeadLetter): string {
  return [
    `${partition}:${offset}`,
    letter.failedAt,
    letter.consumerGroup,
    letter.error.kind,
    letter.error.code ?? '-',
    `attempts=${letter.attempts}`,
    letter.error.message,
  ].join('\t');
}

/** Operators' view of dead letters: what failed and why, and a replay once the cause is fixed. */
export function registerDeadLetterCommands(program: Command): void {
  const group = program.command('dead-letters').description('inspect and replay messages that consumers gave up on');
  const common = (cmd: Command) =>
    cmd
      .argument('<topic>', 'dead-letter topic, kerma.<event>.v<n>.dlq (e.g. kerma.rdsr.received.v1.dlq)')
      .requiredOption('--brokers <list>', 'Kafka bootstrap servers, host:port[,host:port]', process.env.KAFKA_BROKERS)
      .option('--group <consumerGroup>', 'only letters of this consumer group, e.g. kerma-parser')
      .option('--code <code>', 'only letters with this error code, e.g. unknown-unit');

  common(group.command('list').description('one line per dead letter: partition:offset, time, consumer group, kind, code, attempts, error')).action(
    async (topic: string, opts: Options) => {
      const filter: DeadLetterFilter = { consumerGroup: opts.group, code: opts.code };
      const letters = await (await messaging()).readDeadLetters(settings(opts.brokers), await topicOf(topic), filter);
      for (const l of letters) process.stdout.write(`${line(l)}\n`);
      process.stdout.write(`${letters.length} dead letter(s)\n`);
    },
  );

  common(group.command('replay').description('re-publish the original messages on their original topics, with their keys'))
    .option('--dry-run', 'only list what would be replayed')
    .action(async (topic: string, opts: Options) => {
      const { readDeadLetters, replayDeadLetters } = await messaging();
      const letters = await readDeadLetters(settings(opts.brokers), await topicOf(topic), { consumerGroup: opts.group, code: opts.code });
      for (const l of letters) process.stdout.write(`${opts.dryRun ? 'would replay' : 'replay'}\t${line(l)}\n`);
      const count = opts.dryRun ? 0 : await replayDeadLetters(settings(opts.brokers), letters);
      process.stdout.write(opts.dryRun ? `${letters.length} dead letter(s) would be replayed\n` : `${count} message(s) replayed\n`);
    });
}
