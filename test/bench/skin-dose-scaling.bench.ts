/**
 * Drain rate of the skin-dose service with 1 and with 2 replicas, measured in isolation (not a test: prints
 * figures, asserts nothing). End to end, the deployed pipeline saturates a small machine before skin-dose does,
 * so a second replica shows no gain there; this measures the stage itself:
 *
 *  1. `deploy/local/stack.sh up` with KERMA_STACK_SKIN_DOSE_REPLICAS=R; W warm-up studies through the whole pipeline
 *     (a replica that has served for a while has its code compiled and its caches filled: a cold one spends its
 *     first studies compiling), then the skin-dose replicas paused (SIGSTOP);
 *  2. N generated studies (the generator and the plan of `kerma load`) sent to ingest, and a wait until the parser
 *     has published every one on kerma.study.parsed.v2: a backlog on skin-dose's input topic;
 *  3. ingest, parser, history and notification paused (SIGSTOP) so that skin-dose has the cores, the replicas
 *     resumed, and the clock runs until skin-dose's own table holds a result for every study and each was
 *     announced on kerma.skin-dose.calculated.v2;
 *  4. studies/s; each replica's CPU from /proc/<pid>/stat and its main thread's time on a core, waiting for a
 *     core and off the run queue (awaiting PostgreSQL or Kafka, or idle) from /proc/<pid>/schedstat; its
 *     PostgreSQL backends' and the broker's CPU; the consumer group's partitions and state changes; lock waits
 *     sampled in PostgreSQL; the load average. Then `stack.sh down`.
 *
 * A paused replica's Kafka session expires (30 s) while the backlog is built, so the group re-forms when the
 * replicas are released: the drain is timed from the release and, without that re-join, from the moment the group
 * is stable with every replica. Every paused process is resumed and the stack stopped on any exit (error, Ctrl-C,
 * SIGTERM; not SIGKILL).
 *
 * Run from the repository root after `npm run build` (stack.sh runs the services from dist/), with stack.sh's
 * environment (KAFKA_BROKERS, DATABASE_URL, KERMA_STACK_BASE_PORT, KERMA_STACK_PORT, KERMA_STACK_DB_PREFIX, and
 * KAFKA_PARTITIONS for the topics the services create on a fresh broker):
 *   node tools/run-ts.js test/bench/skin-dose-scaling.bench.ts [studies=300] [--replicas=1,2] [--repeat=1]
 *     [--warm-up=150] [--seed=N] [--events=3-30] [--mix=…] [--kafka-pid=PID] [--no-pause]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AssignerProtocol, Kafka, logLevel, type Admin } from 'kafkajs';
import { Client } from 'pg';
import { consumerLag } from '@kerma/messaging';
import { generateRdsr, procedureSpec, type RdsrVendor } from '@kerma/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the CLI has no library entry point; the bench reuses the plan of `kerma load`
import { parseEventRange, planStudies } from '../../libs/cli/src/commands/load';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the CLI has no library entry point; the bench sends as `kerma import` does
import { stowOne } from '../../libs/cli/src/commands/import';

const INPUT_TOPIC = 'kerma.study.parsed.v2';
const OUTPUT_TOPIC = 'kerma.skin-dose.calculated.v2';
const GROUP = 'kerma-skin-dose';
/** Services paused during the drain: everything but skin-dose (nginx is idle without requests). */
const OTHERS = ['ingest', 'parser', 'history', 'notification'];
const STOW_CONCURRENCY = 8;
const POLL_MS = 250;
const WAIT_LIMIT_MS = 15 * 60_000;
const TICKS_PER_S = 100;

const REPO = resolve(__dirname, '..', '..');
const STACK = join(REPO, 'deploy', 'local', 'stack.sh');

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const STUDIES = Number(args.find((a) => !a.startsWith('--')) ?? 300);
const REPLICAS = (flag('replicas') ?? '1,2').split(',').map(Number);
const REPEAT = Number(flag('repeat') ?? 1);
const SEED = Number(flag('seed') ?? 700_001);
const WARM_UP = Number(flag('warm-up') ?? 150);
const EVENTS = parseEventRange(flag('events') ?? '3-30');
const MIX = (flag('mix') ?? 'standard,siemens,philips-allura,philips-azurion,ge-oec,canon').split(',') as RdsrVendor[];
const PAUSE_OTHERS = !args.includes('--no-pause');
const STACK_DIR = process.env.KERMA_STACK_DIR ?? join(tmpdir(), 'kerma-skin-dose-scaling');
const DB_PREFIX = process.env.KERMA_STACK_DB_PREFIX ?? 'kerma_stack';
const BROKERS = (process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`).split(',');

const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- processes: /proc, signals, and the promise to resume and stop whatever this bench paused or started ----

/** CPU seconds (user + system, all threads) of a process, from /proc; null once it is gone. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return null;
  }
}

/** CPU seconds the whole machine spent busy (every core: user, system, interrupts, stolen), from /proc/stat. */
function machineBusySeconds(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / TICKS_PER_S;
}

const benchCpuSeconds = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
};

/** The main thread's (the event loop's) seconds on a core and waiting on the run queue for one, from /proc. */
function schedSeconds(pid: number): { runS: number; waitS: number } {
  const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ').map(Number);
  return { runS: run! / 1e9, waitS: wait! / 1e9 };
}

const paused = new Set<number>();
let stackRunning = false;

function pause(pids: readonly number[]): void {
  for (const pid of pids) {
    process.kill(pid, 'SIGSTOP');
    paused.add(pid);
  }
}

function resume(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // gone already: nothing to resume
    }
    paused.delete(pid);
  }
}

const stackEnv = (replicas: number): NodeJS.ProcessEnv => ({ ...process.env, KERMA_STACK_DIR: STACK_DIR, KERMA_STACK_SKIN_DOSE_REPLICAS: String(replicas) });

function stack(command: 'up' | 'down' | 'pids', replicas: number): string {
  const run = spawnSync(STACK, [command], { env: stackEnv(replicas), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error(`stack.sh ${command} exited with ${run.status}`);
  return run.stdout;
}

/** Synchronous, so that it also runs from the 'exit' handler: resume what is paused, stop the stack. */
function cleanUp(): void {
  resume([...paused]);
  if (stackRunning) {
    stackRunning = false;
    spawnSync(STACK, ['down'], { env: stackEnv(Math.max(...REPLICAS)), stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

process.on('exit', cleanUp);
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  process.on(signal, () => {
    cleanUp();
    process.exit(code);
  });
}

interface StackProcess {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
}

function stackProcesses(replicas: number): StackProcess[] {
  return stack('pids', replicas)
    .trim()
    .split('\n')
    .map((line) => line.split(' '))
    .map(([name, pid, port]) => ({ name: name!, pid: Number(pid), port: Number(port) }));
}

/** The broker's pid: --kafka-pid, or the broker stack.sh started itself (KAFKA_BROKERS unset). */
function brokerPid(): number | null {
  const given = flag('kafka-pid');
  if (given) return Number(given);
  const file = join(STACK_DIR, 'kafka', 'kafka.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : null;
}

// ---- Kafka: topic ends, the group's lag, members and state ----

type Ends = Map<number, number>;

async function topicEnds(admin: Admin, topic: string): Promise<Ends> {
  return new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
}

const total = (ends: Ends) => [...ends.values()].reduce((a, b) => a + b, 0);
const sinceBefore = (after: Ends, before: Ends, partition: number) => after.get(partition)! - (before.get(partition) ?? 0);

async function inputLag(admin: Admin): Promise<number> {
  const committed = await admin.fetchOffsets({ groupId: GROUP, topics: [INPUT_TOPIC] });
  const ends = await admin.fetchTopicOffsets(INPUT_TOPIC);
  return consumerLag(committed, [{ topic: INPUT_TOPIC, partitions: ends }]).reduce((sum, p) => sum + p.lagMessages, 0);
}

async function groupState(admin: Admin): Promise<{ state: string; assignments: number[][] }> {
  const [group] = (await admin.describeGroups([GROUP])).groups;
  return {
    state: group?.state ?? 'Unknown',
    assignments: (group?.members ?? []).map((m) =>
      [...(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[INPUT_TOPIC] ?? [])].sort((a, b) => a - b),
    ),
  };
}

const showAssignments = (a: readonly number[][]) => a.map((ps) => `[${ps.join(',')}]`).join(' ') || 'none';

async function waitFor(what: string, done: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await done())) {
    if (Date.now() - started > WAIT_LIMIT_MS) throw new Error(`gave up waiting: ${what}`);
    await sleep(POLL_MS);
  }
  return (Date.now() - started) / 1000;
}

// ---- a replica's own figures, from /metrics ----

interface ReplicaCounters {
  readonly handled: number;
  readonly engineS: number;
  readonly handlerS: number;
}

async function replicaCounters(port: number): Promise<ReplicaCounters> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const sum = (prefix: string, needle = '') =>
    text
      .split('\n')
      .filter((l) => l.startsWith(prefix) && l.includes(needle))
      .reduce((s, l) => s + Number(l.split(' ').at(-1)), 0);
  return {
    handled: sum('kerma_messages_consumed_total{', `topic="${INPUT_TOPIC}"`),
    engineS: sum('kerma_skin_dose_computation_seconds_sum{'),
    handlerS: sum('kerma_message_handler_duration_seconds_sum{', `topic="${INPUT_TOPIC}"`),
  };
}

// ---- PostgreSQL: skin-dose's own table and its backends ----

/** The skin-dose database of the stack: the admin URL stack.sh recorded, another database name. */
function skinDoseDbUrl(): string {
  const url = new URL(readFileSync(join(STACK_DIR, 'database-admin-url'), 'utf8').trim());
  url.pathname = `/${DB_PREFIX}_skin_dose`;
  return url.toString();
}

async function backendPids(db: Client): Promise<number[]> {
  const { rows } = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  return rows.map((r) => r.pid);
}

/** Studies of this run with a result, and whether a backend of the database waits on a lock right now. */
async function progress(db: Client, uids: readonly string[]): Promise<{ done: number; lockWaits: number }> {
  const { rows } = await db.query<{ done: string; lock_waits: string }>(
    `SELECT (SELECT count(*) FROM skin_dose_study WHERE computed_at IS NOT NULL AND study_instance_uid = ANY($1)) AS done,
            (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock') AS lock_waits`,
    [uids],
  );
  return { done: Number(rows[0]!.done), lockWaits: Number(rows[0]!.lock_waits) };
}

// ---- one run: backlog, then drain ----

/** Sends generated studies to ingest (STOW-RS, a few at once); returns the Study Instance UIDs it stored. */
async function sendStudies(ingestPort: number, count: number, firstSeed: number): Promise<string[]> {
  const reports = planStudies(count, MIX, EVENTS, firstSeed).map((p) => {
    const spec = procedureSpec({ vendor: p.vendor as RdsrVendor, seed: p.seed, events: p.events });
    return { uid: spec.study.studyInstanceUid, bytes: generateRdsr(spec) };
  });
  const url = `http://127.0.0.1:${ingestPort}/dicomweb/studies`;
  const stored: string[] = [];
  const refused: string[] = [];
  let next = 0;
  const sender = async () => {
    while (next < reports.length) {
      const report = reports[next++]!;
      const outcome = await stowOne(url, report.bytes, 120_000, undefined);
      if (outcome.kind === 'stored') stored.push(report.uid);
      else refused.push(outcome.kind === 'refused' ? outcome.code : outcome.kind);
    }
  };
  await Promise.all(Array.from({ length: STOW_CONCURRENCY }, sender));
  if (refused.length > 0) log(`  not stored: ${refused.length} (${[...new Set(refused)].join(', ')})`);
  return stored;
}

interface ReplicaFigures extends ReplicaCounters {
  readonly name: string;
  readonly cpuS: number;
  readonly runS: number;
  readonly waitS: number;
}

interface RunResult {
  readonly replicas: number;
  readonly partitions: number;
  readonly studies: number;
  readonly drainS: number;
  /** From the moment the group was stable with every replica; null if it never was. */
  readonly stable: { readonly atS: number; readonly doneBefore: number } | null;
  readonly largestShare: number;
  readonly replicaFigures: readonly ReplicaFigures[];
  readonly postgresCpuS: number;
  readonly brokerCpuS: number | null;
  /** CPU seconds of the whole machine during the drain, and of this bench (its polling). */
  readonly machineCpuS: number;
  readonly benchCpuS: number;
  readonly loadBefore: string;
  readonly loadAfter: string;
}

const rate = (studies: number, seconds: number) => (studies / seconds).toFixed(2);
const stableRate = (r: RunResult) => (r.stable ? (r.studies - r.stable.doneBefore) / (r.drainS - r.stable.atS) : null);

/** What a run works with: the stack's processes, a Kafka admin client, a connection to skin-dose's database. */
interface RunningStack {
  readonly replicas: number;
  readonly skinDose: readonly StackProcess[];
  readonly others: readonly StackProcess[];
  readonly ingest: StackProcess;
  readonly admin: Admin;
  readonly db: Client;
}

interface Backlog {
  readonly uids: string[];
  readonly parsedBefore: Ends;
  readonly parsedAfter: Ends;
  readonly calculatedBefore: number;
  readonly countersBefore: readonly ReplicaCounters[];
}

/** What was seen while polling the drain. */
interface DrainWatch {
  samples: number;
  lockWaitSamples: number;
  stable: RunResult['stable'];
  readonly stateChanges: string[];
  assignments: number[][];
  readonly backends: Set<number>;
}

async function run(replicas: number): Promise<RunResult> {
  log(`\n== ${replicas} skin-dose replica(s), ${STUDIES} studies ==`);
  stackRunning = true;
  stack('up', replicas);
  // Connected once the stack is up: without KAFKA_BROKERS, stack.sh starts a fresh broker each run.
  const admin = new Kafka({ clientId: 'skin-dose-scaling-bench', brokers: BROKERS, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const db = new Client({ connectionString: skinDoseDbUrl() });
  await db.connect();
  try {
    const processes = stackProcesses(replicas);
    const running: RunningStack = {
      replicas,
      skinDose: processes.filter((p) => p.name === 'skin-dose' || p.name.startsWith('skin-dose-')),
      others: processes.filter((p) => OTHERS.includes(p.name)),
      ingest: processes.find((p) => p.name === 'ingest')!,
      admin,
      db,
    };
    const partitions = (await admin.fetchTopicMetadata({ topics: [INPUT_TOPIC] })).topics[0]!.partitions.length;
    const lagAtStart = await inputLag(admin);
    if (lagAtStart > 0) throw new Error(`${INPUT_TOPIC} holds ${lagAtStart} messages skin-dose has not consumed (an earlier run's): use a fresh broker`);
    log(`  ${INPUT_TOPIC}: ${partitions} partitions; group ${GROUP} before the backlog: ${showAssignments((await groupState(admin)).assignments)}`);
    await warmUp(running);
    return await drain(running, partitions, await buildBacklog(running));
  } finally {
    await db.end();
    await admin.disconnect();
    resume([...paused]);
    stack('down', replicas);
    stackRunning = false;
  }
}

/** Studies through the whole pipeline first, seeds after the measured studies'. */
async function warmUp(s: RunningStack): Promise<void> {
  if (WARM_UP === 0) return;
  const uids = await sendStudies(s.ingest.port, WARM_UP, SEED + STUDIES);
  const seconds = await waitFor('the warm-up studies', async () => (await progress(s.db, uids)).done >= uids.length);
  log(`  warm-up: ${uids.length} studies through the pipeline in ${seconds.toFixed(1)} s after the last was stored`);
}

/** The measured studies on skin-dose's input topic, skin-dose paused (its counters read first: a paused process answers no request). */
async function buildBacklog(s: RunningStack): Promise<Backlog> {
  const countersBefore = await Promise.all(s.skinDose.map((p) => replicaCounters(p.port)));
  pause(s.skinDose.map((p) => p.pid));
  const parsedBefore = await topicEnds(s.admin, INPUT_TOPIC);
  const calculatedBefore = total(await topicEnds(s.admin, OUTPUT_TOPIC));
  const sendStarted = Date.now();
  const uids = await sendStudies(s.ingest.port, STUDIES, SEED);
  const sendS = (Date.now() - sendStarted) / 1000;
  const parsedWaitS = await waitFor(
    'the parser publishing every study',
    async () => total(await topicEnds(s.admin, INPUT_TOPIC)) - total(parsedBefore) >= uids.length,
  );
  const parsedAfter = await topicEnds(s.admin, INPUT_TOPIC);
  const perPartition = [...parsedAfter.keys()].sort((a, b) => a - b).map((p) => `${p}: ${sinceBefore(parsedAfter, parsedBefore, p)}`);
  log(
    `  backlog: ${uids.length} studies stored in ${sendS.toFixed(1)} s, all parsed ${parsedWaitS.toFixed(1)} s later; per partition ${perPartition.join(', ')}`,
  );
  return { uids, parsedBefore, parsedAfter, calculatedBefore, countersBefore };
}

/** CPU counters read before the release; `stop()` reads them again and returns what was spent meanwhile. */
async function startMeters(s: RunningStack) {
  const cpuBefore = s.skinDose.map((p) => cpuSeconds(p.pid)!);
  const schedBefore = s.skinDose.map((p) => schedSeconds(p.pid));
  const backendsBefore = new Map((await backendPids(s.db)).map((pid) => [pid, cpuSeconds(pid) ?? 0]));
  const broker = brokerPid();
  const brokerBefore = broker ? cpuSeconds(broker) : null;
  const machineBefore = machineBusySeconds();
  const benchBefore = benchCpuSeconds();
  return {
    backendsBefore,
    stop: (backends: ReadonlySet<number>) => ({
      replicaCpuS: s.skinDose.map((p, i) => cpuSeconds(p.pid)! - cpuBefore[i]!),
      replicaSched: s.skinDose.map((p, i) => {
        const after = schedSeconds(p.pid);
        return { runS: after.runS - schedBefore[i]!.runS, waitS: after.waitS - schedBefore[i]!.waitS };
      }),
      // A backend that closed meanwhile is not counted: its last figures are gone with it.
      postgresCpuS: [...backends].reduce((sum, pid) => sum + Math.max(0, (cpuSeconds(pid) ?? 0) - (backendsBefore.get(pid) ?? 0)), 0),
      brokerCpuS: broker && brokerBefore !== null ? cpuSeconds(broker)! - brokerBefore : null,
      machineCpuS: machineBusySeconds() - machineBefore,
      benchCpuS: benchCpuSeconds() - benchBefore,
    }),
  };
}

/** Others paused, skin-dose released; polls until every study has its result and announcement. */
async function drain(s: RunningStack, partitions: number, backlog: Backlog): Promise<RunResult> {
  if (PAUSE_OTHERS) pause(s.others.map((p) => p.pid));
  const meters = await startMeters(s);
  const loadBefore = load();
  const released = Date.now();
  resume(s.skinDose.map((p) => p.pid));

  const since = () => (Date.now() - released) / 1000;
  const watch: DrainWatch = {
    samples: 0,
    lockWaitSamples: 0,
    stable: null,
    stateChanges: [],
    assignments: [],
    backends: new Set(meters.backendsBefore.keys()),
  };
  let lastState = '';
  await waitFor('skin-dose computing every study', async () => {
    const now = await progress(s.db, backlog.uids);
    watch.samples++;
    if (now.lockWaits > 0) watch.lockWaitSamples++;
    for (const pid of await backendPids(s.db)) watch.backends.add(pid);
    const group = await groupState(s.admin);
    const state = `${group.state} ${showAssignments(group.assignments)}`;
    if (state !== lastState) watch.stateChanges.push(`+${since().toFixed(1)} s ${state}`);
    lastState = state;
    if (group.state === 'Stable') watch.assignments = group.assignments;
    if (!watch.stable && group.state === 'Stable' && group.assignments.length === s.replicas) watch.stable = { atS: since(), doneBefore: now.done };
    return now.done >= backlog.uids.length && total(await topicEnds(s.admin, OUTPUT_TOPIC)) - backlog.calculatedBefore >= backlog.uids.length;
  });
  const drainS = since();
  const loadAfter = load();
  const spent = meters.stop(watch.backends);
  const countersAfter = await Promise.all(s.skinDose.map((p) => replicaCounters(p.port)));
  const before = backlog.countersBefore;
  const result: RunResult = {
    replicas: s.replicas,
    partitions,
    studies: backlog.uids.length,
    drainS,
    stable: watch.stable,
    largestShare: Math.max(...watch.assignments.map((ps) => ps.reduce((sum, p) => sum + sinceBefore(backlog.parsedAfter, backlog.parsedBefore, p), 0))),
    replicaFigures: s.skinDose.map((p, i) => ({
      name: p.name,
      cpuS: spent.replicaCpuS[i]!,
      ...spent.replicaSched[i]!,
      handled: countersAfter[i]!.handled - before[i]!.handled,
      engineS: countersAfter[i]!.engineS - before[i]!.engineS,
      handlerS: countersAfter[i]!.handlerS - before[i]!.handlerS,
    })),
    postgresCpuS: spent.postgresCpuS,
    brokerCpuS: spent.brokerCpuS,
    machineCpuS: spent.machineCpuS,
    benchCpuS: spent.benchCpuS,
    loadBefore,
    loadAfter,
  };
  printRun(result, { stateChanges: watch.stateChanges, lockWaitSamples: watch.lockWaitSamples, samples: watch.samples, lagAfter: await inputLag(s.admin) });
  return result;
}

function printRun(r: RunResult, seen: { stateChanges: readonly string[]; lockWaitSamples: number; samples: number; lagAfter: number }): void {
  const fromStable = stableRate(r);
  log(`  paused during the drain: ${PAUSE_OTHERS ? OTHERS.join(', ') : 'nothing'}`);
  log(
    `  drained in ${r.drainS.toFixed(1)} s from the release: ${rate(r.studies, r.drainS)} studies/s; ` +
      (r.stable && fromStable
        ? `group stable with ${r.replicas} member(s) at +${r.stable.atS.toFixed(1)} s (${r.stable.doneBefore} done), from then ${fromStable.toFixed(2)} studies/s`
        : `the group was never seen stable with ${r.replicas} member(s)`),
  );
  log(`  group (polled every ${POLL_MS} ms): ${seen.stateChanges.join('; ')}`);
  log(
    `  largest member's share: ${r.largestShare} of ${r.studies} studies (a drain is at most ${(r.studies / r.largestShare).toFixed(2)}× one replica's rate); input lag at the end ${seen.lagAfter}`,
  );
  log(
    `  PostgreSQL: a backend waiting on a lock in ${seen.lockWaitSamples} of ${seen.samples} samples; skin-dose's backends used ${r.postgresCpuS.toFixed(1)} CPU s`,
  );
  const skinDoseCpuS = r.replicaFigures.reduce((s, f) => s + f.cpuS, 0);
  const cores = (cpuS: number) => (cpuS / r.drainS).toFixed(2);
  const othersCpuS = r.machineCpuS - skinDoseCpuS - r.postgresCpuS - (r.brokerCpuS ?? 0) - r.benchCpuS;
  log(
    `  load average ${r.loadBefore} → ${r.loadAfter}; cores busy during the drain (of ${cpus().length}): machine ${cores(r.machineCpuS)}, skin-dose ${cores(skinDoseCpuS)}, ` +
      `its PostgreSQL backends ${cores(r.postgresCpuS)}, broker ${r.brokerCpuS === null ? 'not measured (--kafka-pid)' : cores(r.brokerCpuS)}, this bench ${cores(r.benchCpuS)}, ` +
      `everything else (other jobs) ${cores(othersCpuS)}`,
  );
  log(
    '  | replica | messages handled | CPU s (ms/study) | main thread: on a core / waiting for a core / off the run queue | engine ms/study (wall) | handler ms/study (wall, overlapping) |',
  );
  log('  |---|---|---|---|---|---|');
  for (const f of r.replicaFigures) {
    const per = (s: number) => (f.handled > 0 ? ((s * 1000) / f.handled).toFixed(0) : '–');
    const share = (s: number) => `${((100 * s) / r.drainS).toFixed(0)} %`;
    log(
      `  | ${f.name} | ${f.handled} | ${f.cpuS.toFixed(1)} (${per(f.cpuS)}) | ${share(f.runS)} / ${share(f.waitS)} / ${share(Math.max(0, r.drainS - f.runS - f.waitS))} | ${per(f.engineS)} | ${per(f.handlerS)} |`,
    );
  }
}

// ---- all runs, then the summary ----

function summary(results: readonly RunResult[]): void {
  if (results.length === 0) return;
  log(
    '\n| replicas | partitions | studies | drain s | studies/s from the release | studies/s once the group is stable | largest member share | skin-dose CPU ms/study | its PostgreSQL backends ms/study | cores used by skin-dose / by other jobs | main threads waiting for a core | load average before → after |',
  );
  log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const cpuS = r.replicaFigures.reduce((s, f) => s + f.cpuS, 0);
    const othersCpuS = r.machineCpuS - cpuS - r.postgresCpuS - (r.brokerCpuS ?? 0) - r.benchCpuS;
    const waiting = r.replicaFigures.map((f) => `${((100 * f.waitS) / r.drainS).toFixed(0)} %`).join(', ');
    log(
      `| ${r.replicas} | ${r.partitions} | ${r.studies} | ${r.drainS.toFixed(1)} | ${rate(r.studies, r.drainS)} | ${stableRate(r)?.toFixed(2) ?? '–'} | ${r.largestShare} | ${((cpuS * 1000) / r.studies).toFixed(0)} | ${((r.postgresCpuS * 1000) / r.studies).toFixed(0)} | ${(cpuS / r.drainS).toFixed(2)} / ${(othersCpuS / r.drainS).toFixed(2)} | ${waiting} | ${r.loadBefore} → ${r.loadAfter} |`,
    );
  }
  const mean = (replicas: number, of: (r: RunResult) => number | null) => {
    const values = results.filter((r) => r.replicas === replicas).map(of);
    return values.length > 0 && values.every((v) => v !== null) ? values.reduce((s, v) => s + v!, 0) / values.length : null;
  };
  const fromRelease = (r: RunResult) => r.studies / r.drainS;
  for (const n of new Set(REPLICAS.filter((n) => n > 1))) {
    const [one, many, oneStable, manyStable] = [mean(1, fromRelease), mean(n, fromRelease), mean(1, stableRate), mean(n, stableRate)];
    if (one && many)
      log(
        `\n${n} replicas / 1, mean studies/s: ${(many / one).toFixed(2)}× from the release${oneStable && manyStable ? `, ${(manyStable / oneStable).toFixed(2)}× once the group is stable` : ''}`,
      );
  }
}

async function main(): Promise<void> {
  log(
    `skin-dose drain: ${STUDIES} studies after ${WARM_UP} warm-up studies (${MIX.join(',')}, ${EVENTS.min}-${EVENTS.max} events, seed ${SEED}), replicas ${REPLICAS.join(' then ')}, ${REPEAT} time(s); broker ${BROKERS.join(',')}; ${cpus().length} cores`,
  );
  const results: RunResult[] = [];
  try {
    for (let i = 0; i < REPEAT; i++) for (const replicas of REPLICAS) results.push(await run(replicas));
  } finally {
    summary(results);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`skin-dose-scaling: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
