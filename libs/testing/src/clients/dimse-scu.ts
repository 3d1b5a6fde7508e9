import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { association, Client, constants, Dataset, log as dimseLog, requests, type responses } from 'dcmjs-dimse';

dimseLog.setLevel('silent');

export interface ScuOutcome {
  /** Set when the SCP rejected the association: the A-ASSOCIATE-RJ reason (PS3.8 §9.3.4). */
  readonly associationRejected: { readonly result: number; readonly source: number; readonly reason: number } | null;
  /** One entry per request answered, in order. */
  readonly responses: readonly { readonly status: number; readonly errorComment: string | undefined }[];
}

export interface ScuTarget {
  readonly host: string;
  readonly port: number;
  readonly callingAeTitle: string;
  readonly calledAeTitle: string;
}

/** Loads Part-10 bytes the way a modality holds an object, through dcmjs-dimse's file reader. */
export function datasetOf(part10: Uint8Array, transferSyntaxUid?: string): Dataset {
  const dir = mkdtempSync(join(tmpdir(), 'kerma-scu-'));
  try {
    const file = join(dir, 'object.dcm');
    writeFileSync(file, part10);
    const dataset = Dataset.fromFile(file);
    if (!dataset) throw new Error('dcmjs-dimse could not read the object');
    if (transferSyntaxUid) dataset.setTransferSyntaxUid(transferSyntaxUid);
    return dataset;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A presentation context proposed besides those dcmjs-dimse derives from the requests (Implicit + Explicit VR LE). */
export interface ExtraContext {
  readonly abstractSyntaxUid: string;
  readonly transferSyntaxUids: readonly string[];
}

/** Runs one association with the given requests and resolves when the connection is closed. */
export function runAssociation(target: ScuTarget, requestList: readonly requests.Request[], extraContexts: readonly ExtraContext[] = []): Promise<ScuOutcome> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    for (const extra of extraContexts) {
      const context = new association.PresentationContext(0, extra.abstractSyntaxUid);
      for (const ts of extra.transferSyntaxUids) context.addTransferSyntaxUid(ts);
      client.addAdditionalPresentationContext(context, true);
    }
    const answered: { status: number; errorComment: string | undefined }[] = [];
    let associationRejected: ScuOutcome['associationRejected'] = null;
    for (const request of requestList) {
      request.on('response', (response: responses.Response) => {
        answered.push({ status: response.getStatus(), errorComment: response.getErrorComment() || undefined });
      });
      client.addRequest(request);
    }
    client.on('associationRejected', (rejection: { result: number; source: number; reason: number }) => {
      associationRejected = rejection;
    });
    client.on('networkError', (err: Error) => reject(err));
    client.on('closed', () => resolve({ associationRejected, responses: answered }));
    client.send(target.host, target.port, target.callingAeTitle, target.calledAeTitle, { associationLingerTimeout: 0 });
  });
}

export function cStore(target: ScuTarget, objects: readonly Dataset[], extraContexts: readonly ExtraContext[] = []): Promise<ScuOutcome> {
  return runAssociation(
    target,
    objects.map((dataset) => new requests.CStoreRequest(dataset)),
    extraContexts,
  );
}

export function cEcho(target: ScuTarget): Promise<ScuOutcome> {
  return runAssociation(target, [new requests.CEchoRequest()]);
}

export const { Status, RejectReason, TransferSyntax } = constants;
