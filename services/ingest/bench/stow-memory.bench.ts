/**
 * Peak memory of ingest while it receives concurrent large STOW-RS requests (not a test: prints
 * figures). Starts ingest (SQLite, in-process bus) in a child process, sends UPLOADS concurrent
 * multipart/related requests of about REQUEST_MB each (3 MB generated reports repeated: after the
 * first, every part is a duplicate, which costs intake the same reading and identification), and
 * reads the child's peak resident set (VmHWM) from /proc. Run from the repository root:
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register services/ingest/bench/stow-memory.bench.ts [uploads] [requestMB] [maxConcurrentLargeUploads]
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { generateRdsr, procedureSpec } from '@kerma/testing';

const MiB = 1024 * 1024;

async function server(maxConcurrentLargeUploads: number): Promise<void> {
  const { startIngestApp } = await import('../test/ingest-app');
  const ingest = await startIngestApp({ maxRequestBytes: 512 * MiB, maxConcurrentLargeUploads });
  process.send!({ url: ingest.url, rssMiB: process.memoryUsage().rss / MiB });
  process.on('message', async () => {
    await ingest.close();
    process.exit(0);
  });
}

/** The status answered; a refused upload may also see its connection closed while still sending. */
function upload(url: string, parts: readonly Buffer[], count: number): Promise<number | string> {
  const boundary = 'bench-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`);
  const sep = Buffer.from('\r\n');
  const tail = Buffer.from(`--${boundary}--\r\n`);
  const sizes = Array.from({ length: count }, (_, i) => head.length + parts[i % parts.length].length + sep.length);
  const length = sizes.reduce((a, b) => a + b, 0) + tail.length;
  return new Promise((resolve) => {
    let status: number | undefined;
    const req = request(
      `${url}/dicomweb/studies`,
      { method: 'POST', headers: { 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`, 'content-length': String(length) } },
      (res) => {
        status = res.statusCode;
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (err) => resolve(status ?? `error ${(err as NodeJS.ErrnoException).code}`));
    let i = 0;
    const pump = (): void => {
      while (i < count) {
        const part = parts[i % parts.length];
        i++;
        const more = req.write(Buffer.concat([head, part, sep]));
        if (!more) return void req.once('drain', pump);
      }
      req.end(tail);
    };
    pump();
  });
}

async function client(): Promise<void> {
  const [uploads = 4, requestMb = 250, cap = 4] = process.argv.slice(2).map(Number);
  const parts = [1, 2, 3].map((seed) => Buffer.from(generateRdsr(procedureSpec({ seed: 7700 + seed, events: 400 }))));
  const partsPerRequest = Math.ceil((requestMb * 1e6) / parts[0].length);
  const child = fork(__filename, ['--server', String(cap)], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { url, rssMiB } = await new Promise<{ url: string; rssMiB: number }>((resolve) =>
    child.once('message', (m) => resolve(m as { url: string; rssMiB: number })),
  );
  const t0 = Date.now();
  const statuses = await Promise.all(Array.from({ length: uploads }, () => upload(url, parts, partsPerRequest)));
  const seconds = (Date.now() - t0) / 1000;
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  console.log(
    `${uploads} concurrent uploads of ${((partsPerRequest * parts[0].length) / 1e6).toFixed(0)} MB (${partsPerRequest} parts of ${(parts[0].length / 1e6).toFixed(1)} MB), MAX_CONCURRENT_LARGE_UPLOADS=${cap}`,
  );
  console.log(`  statuses: ${statuses.join(' ')}   wall time: ${seconds.toFixed(1)} s`);
  console.log(`  ingest RSS after start-up: ${rssMiB.toFixed(0)} MiB   peak RSS (VmHWM): ${(kb('VmHWM') / 1024).toFixed(0)} MiB`);
  child.send('stop');
}

if (process.argv[2] === '--server') void server(Number(process.argv[3]));
else void client();
