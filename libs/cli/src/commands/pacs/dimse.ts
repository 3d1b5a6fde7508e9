import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, log as dimseLog, requests, responses, type Dataset } from 'dcmjs-dimse';

dimseLog.setLevel('silent');

/** A PACS as seen from Kerma's side: its address and AE title, and the AE title Kerma calls with. */
export interface PacsTarget {
  readonly host: string;
  readonly port: number;
  readonly callingAeTitle: string;
  readonly calledAeTitle: string;
}

export class DimseError extends Error {}

const PENDING = new Set([0xff00, 0xff01]);
const CONNECT_TIMEOUT_MS = 10_000;

/** One association carrying one request; resolves with every response (pendings then the final one). */
function runOne<R extends responses.Response>(
  target: PacsTarget,
  request: requests.Request,
  timeoutMs: number,
  onClient?: (client: Client) => void,
): Promise<R[]> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    const answered: R[] = [];
    let failure: Error | null = null;
    request.on('response', (response: responses.Response) => void answered.push(response as R));
    client.addRequest(request);
    onClient?.(client);
    client.on('associationRejected', (r: { result: number; source: number; reason: number }) => {
      failure = new DimseError(
        `association rejected by ${target.calledAeTitle} (result ${r.result}, source ${r.source}, reason ${r.reason}): is the AE title ${target.callingAeTitle} known to the PACS?`,
      );
    });
    client.on('networkError', (err: Error) => {
      failure = new DimseError(`network error talking to ${target.host}:${target.port}: ${err.message}`);
    });
    client.on('closed', () => (failure ? reject(failure) : resolve(answered)));
    client.send(target.host, target.port, target.callingAeTitle, target.calledAeTitle, {
      associationLingerTimeout: 0,
      connectTimeout: CONNECT_TIMEOUT_MS,
      associationTimeout: timeoutMs,
      pduTimeout: timeoutMs,
    });
  });
}

/** C-FIND: the matches' identifiers (naturalized: keyword → value). */
export async function cFind(target: PacsTarget, request: requests.CFindRequest, timeoutMs: number): Promise<Record<string, unknown>[]> {
  const answered = await runOne<responses.CFindResponse>(target, request, timeoutMs);
  const final = answered.at(-1);
  if (!final) throw new DimseError('the PACS closed the association without answering C-FIND');
  if (final.getStatus() !== 0)
    throw new DimseError(
      `C-FIND failed with status 0x${final.getStatus().toString(16).padStart(4, '0')}${final.getErrorComment() ? `: ${final.getErrorComment()}` : ''}`,
    );
  return answered.filter((r) => PENDING.has(r.getStatus())).map((r) => (r.getDataset()?.getElements() ?? {}) as Record<string, unknown>);
}

export interface RetrieveOutcome {
  readonly status: number;
  readonly completed: number;
  readonly failed: number;
  readonly warnings: number;
  readonly errorComment: string | null;
}

function outcomeOf(final: responses.CMoveResponse | responses.CGetResponse | undefined, what: string): RetrieveOutcome {
  if (!final) throw new DimseError(`the PACS closed the association without answering ${what}`);
  return {
    status: final.getStatus(),
    completed: final.getCompleted() ?? 0,
    failed: final.getFailures() ?? 0,
    warnings: final.getWarnings() ?? 0,
    errorComment: final.getErrorComment() || null,
  };
}

/** C-MOVE: the PACS sends the objects to the destination AE (which it must know) on associations of its own. */
export async function cMove(target: PacsTarget, request: requests.CMoveRequest, timeoutMs: number): Promise<RetrieveOutcome> {
  return outcomeOf((await runOne<responses.CMoveResponse>(target, request, timeoutMs)).at(-1), 'C-MOVE');
}

/**
 * C-GET: the PACS sends the objects back on this association (C-STORE sub-operations, Kerma's side
 * in the SCP role); `receive` gets each as Part-10 bytes and answers with a C-STORE status.
 */
export async function cGet(
  target: PacsTarget,
  request: requests.CGetRequest,
  timeoutMs: number,
  receive: (part10: Uint8Array) => Promise<number>,
): Promise<RetrieveOutcome> {
  request.setAddStorageSopClassesToAssociation(true);
  const answered = await runOne<responses.CGetResponse>(target, request, timeoutMs, (client) => {
    client.on('cStoreRequest', (store: requests.CStoreRequest, callback: (response: responses.CStoreResponse) => void) => {
      const response = responses.CStoreResponse.fromRequest(store);
      const dataset = store.getDataset();
      const answer = (status: number) => {
        response.setStatus(status);
        callback(response);
      };
      if (!dataset) return answer(0xa900);
      receive(part10Of(dataset)).then(answer, () => answer(0xa700));
    });
  });
  return outcomeOf(answered.at(-1), 'C-GET');
}

/** dcmjs-dimse writes Part 10 (with its file meta information) only to a file. */
function part10Of(dataset: Dataset): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'kerma-cget-'));
  try {
    const file = join(dir, 'object.dcm');
    dataset.toFile(file);
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
