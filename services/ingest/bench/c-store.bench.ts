/**
 * C-STORE of large RDSRs over loopback (not a test: prints figures). Separates what the sender's
 * dcmjs-dimse spends (reading the file into a naturalized Dataset, encoding it for the wire) from
 * what Kerma's SCP spends between the last byte received and the response (Part-10 framing and
 * identification; the database and archive writes of intake are not included).
 * Run from the repository root:
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register services/ingest/bench/c-store.bench.ts [events…]
 */
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import type { association, Dataset, requests } from 'dcmjs-dimse';
import { identifyDicomObject } from '@kerma/rdsr';
import { findFreePort, generateRdsr, procedureSpec } from '@kerma/testing';
import { cStore, datasetOf } from '@kerma/testing';
import { DicomListener } from '../src/c-store/dicom-listener';
import { KermaScp } from '../src/c-store/kerma-scp';
import { part10Of } from '../src/c-store/part10';
import { STORE_STATUS } from '../src/c-store/store-status';

const EVENT_COUNTS = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
// Past ~1,500 events (≈10 MB) the sender's dcmjs-dimse spends over a minute encoding and its own
// 60 s PDU timeout ends the association: a limit of the test sender, not of the SCP.
const sizes = EVENT_COUNTS.length > 0 ? EVENT_COUNTS : [100, 300, 1000];
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

let receiveMs = 0;
let firstByteAt = 0n;

/** Times the data set's arrival: first fragment to last fragment, i.e. transfer plus the SCP's receive path. */
class TimedScp extends KermaScp {
  override createStoreWritableStream(context: association.PresentationContext, request: requests.CStoreRequest): Writable {
    firstByteAt = process.hrtime.bigint();
    return super.createStoreWritableStream(context, request);
  }

  override createDatasetFromStoreWritableStream(writable: Writable, context: association.PresentationContext, callback: (dataset: Dataset) => void): void {
    receiveMs = ms(firstByteAt);
    super.createDatasetFromStoreWritableStream(writable, context, callback);
  }
}

async function main(): Promise<void> {
  const port = await findFreePort();
  let scpMs = 0;
  const listener = new DicomListener(
    (socket: Socket) =>
      new TimedScp(socket, {
        policy: { aeTitle: 'KERMA', callingAeAllowlist: null },
        maxObjectBytes: 512 * 2 ** 20,
        events: {
          store: async (received) => {
            const t0 = process.hrtime.bigint();
            const identified = identifyDicomObject(part10Of(received.dataset, received));
            scpMs = ms(t0);
            if (!identified.ok) throw new Error(identified.error.message);
            return { status: STORE_STATUS.success, errorComment: null };
          },
          associationAccepted: () => undefined,
          associationRejected: () => undefined,
          stored: () => undefined,
          failed: (info) => console.error(info.error),
          associationEnded: async () => undefined,
        },
      }),
  );
  await listener.listen(port, '127.0.0.1');
  console.log('events   size MB   SCU read ms   association ms   SCP receive ms   SCP framing+identify ms');
  for (const events of sizes) {
    const bytes = generateRdsr(procedureSpec({ seed: 42, events }));
    let t0 = process.hrtime.bigint();
    const dataset = datasetOf(bytes);
    const readMs = ms(t0);
    t0 = process.hrtime.bigint();
    let outcome;
    try {
      outcome = await cStore({ host: '127.0.0.1', port, callingAeTitle: 'BENCH', calledAeTitle: 'KERMA' }, [dataset]);
    } catch (err) {
      console.log(
        `${String(events).padStart(6)}   ${(bytes.length / 2 ** 20).toFixed(2).padStart(7)}   ${readMs.toFixed(0).padStart(11)}   failed: ${(err as Error).message}`,
      );
      continue;
    }
    const associationMs = ms(t0);
    if (outcome.responses[0]?.status !== 0) throw new Error(`C-STORE failed: ${JSON.stringify(outcome)}`);
    console.log(
      `${String(events).padStart(6)}   ${(bytes.length / 2 ** 20).toFixed(2).padStart(7)}   ${readMs.toFixed(0).padStart(11)}   ${associationMs.toFixed(0).padStart(14)}   ${receiveMs.toFixed(0).padStart(14)}   ${scpMs.toFixed(1).padStart(23)}`,
    );
  }
  await listener.close();
}

void main();
