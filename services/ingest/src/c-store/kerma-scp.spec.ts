import type { Socket } from 'node:net';
import { identifyDicomObject, parseDoseReport } from '@kerma/rdsr';
import { findFreePort, generateNonDoseDicom, generateRdsr, procedureSpec } from '@kerma/testing';
import { cEcho, cStore, datasetOf, RejectReason, Status, TransferSyntax, type ScuTarget } from '@kerma/testing';
import { DicomListener } from './dicom-listener';
import { KermaScp, type ReceivedDataset, type ScpEvents } from './kerma-scp';
import { part10Of } from './part10';
import { STORE_STATUS, type StoreStatus } from './store-status';

const RDSR_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.88.67';

describe('C-STORE SCP connection (dcmjs-dimse SCU against KermaScp)', () => {
  let listener: DicomListener;
  let port: number;
  const received: ReceivedDataset[] = [];
  const rejections: string[] = [];
  let answer: (r: ReceivedDataset) => Promise<StoreStatus> = async () => ({ status: STORE_STATUS.success, errorComment: null });
  const events: ScpEvents = {
    store: async (r) => {
      received.push(r);
      return answer(r);
    },
    associationAccepted: () => undefined,
    associationRejected: (info) => void rejections.push(info.reason),
    stored: () => undefined,
    failed: () => undefined,
    associationEnded: async () => undefined,
  };
  const MAX_OBJECT_BYTES = 100_000;

  const target = (overrides: Partial<ScuTarget> = {}): ScuTarget => ({
    host: '127.0.0.1',
    port,
    callingAeTitle: 'CATHLAB1',
    calledAeTitle: 'KERMA',
    ...overrides,
  });

  beforeAll(async () => {
    port = await findFreePort();
    const settings = { policy: { aeTitle: 'KERMA', callingAeAllowlist: ['CATHLAB1', 'CATHLAB2'] }, maxObjectBytes: MAX_OBJECT_BYTES, events };
    listener = new DicomListener((socket: Socket) => new KermaScp(socket, settings));
    await listener.listen(port, '127.0.0.1');
  });

  afterAll(() => listener.close());

  beforeEach(() => {
    received.length = 0;
    rejections.length = 0;
    answer = async () => ({ status: STORE_STATUS.success, errorComment: null });
  });

  it('answers C-ECHO with success', async () => {
    const outcome = await cEcho(target());
    expect(outcome.associationRejected).toBeNull();
    expect(outcome.responses.map((r) => r.status)).toEqual([Status.Success]);
  });

  it('hands over the data set bytes of an RDSR with the command UIDs, calling AE and transfer syntax', async () => {
    const spec = procedureSpec({ seed: 401, events: 7 });
    const outcome = await cStore(target(), [datasetOf(generateRdsr(spec))]);
    expect(outcome.responses.map((r) => r.status)).toEqual([Status.Success]);
    expect(received).toHaveLength(1);
    const [r] = received;
    expect(r.callingAeTitle).toBe('CATHLAB1');
    expect(r.sopClassUid).toBe(RDSR_SOP_CLASS);
    expect(r.transferSyntaxUid).toBe(TransferSyntax.ExplicitVRLittleEndian);
    const parsed = parseDoseReport(part10Of(r.dataset, r));
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.procedure.study.studyInstanceUid).toBe(spec.study.studyInstanceUid);
    expect(r.sopInstanceUid).toBe(parsed.procedure.study.sopInstanceUid);
    expect(parsed.procedure.events).toHaveLength(7);
  });

  it('accepts Implicit VR Little Endian and records it in the File Meta', async () => {
    const spec = procedureSpec({ seed: 402, events: 3 });
    // dcmjs-dimse proposes Implicit and Explicit together (Kerma picks Explicit); an extra context offering
    // Implicit only is what a modality limited to the default transfer syntax sends.
    const implicitOnly = { abstractSyntaxUid: RDSR_SOP_CLASS, transferSyntaxUids: [TransferSyntax.ImplicitVRLittleEndian] };
    const outcome = await cStore(target(), [datasetOf(generateRdsr(spec), TransferSyntax.ImplicitVRLittleEndian)], [implicitOnly]);
    expect(outcome.responses.map((r) => r.status)).toEqual([Status.Success]);
    const [r] = received;
    expect(r.transferSyntaxUid).toBe(TransferSyntax.ImplicitVRLittleEndian);
    const identified = identifyDicomObject(part10Of(r.dataset, r));
    if (!identified.ok) throw new Error(identified.error.message);
    expect(identified.identity.transferSyntaxUid).toBe(TransferSyntax.ImplicitVRLittleEndian);
    expect(identified.identity.studyInstanceUid).toBe(spec.study.studyInstanceUid);
  });

  it('sends back the status and error comment intake decided', async () => {
    answer = async () => ({ status: STORE_STATUS.dataSetDoesNotMatch, errorComment: 'sop-class-mismatch: example' });
    const outcome = await cStore(target(), [datasetOf(generateRdsr(procedureSpec({ seed: 403, events: 2 })))]);
    expect(outcome.responses).toEqual([{ status: 0xa900, errorComment: 'sop-class-mismatch: example' }]);
  });

  it('answers "out of resources" when storing throws, and keeps serving the association', async () => {
    let calls = 0;
    answer = async () => {
      calls += 1;
      if (calls === 1) throw new Error('disk full');
      return { status: STORE_STATUS.success, errorComment: null };
    };
    const outcome = await cStore(target(), [
      datasetOf(generateRdsr(procedureSpec({ seed: 404, events: 2 }))),
      datasetOf(generateRdsr(procedureSpec({ seed: 405, events: 2 }))),
    ]);
    expect(outcome.responses.map((r) => r.status)).toEqual([0xa700, Status.Success]);
    expect(outcome.responses[0].errorComment).toMatch(/^storage-failed/);
  });

  // Generating and sending a 20-event report takes seconds on a loaded 2-core machine.
  it('refuses a data set over the size limit without handing it over', async () => {
    const big = generateRdsr(procedureSpec({ seed: 406, events: 20 }));
    expect(big.length).toBeGreaterThan(MAX_OBJECT_BYTES);
    const outcome = await cStore(target(), [datasetOf(big)]);
    expect(outcome.responses.map((r) => r.status)).toEqual([0xa700]);
    expect(outcome.responses[0].errorComment).toMatch(/^too-large/);
    expect(received).toHaveLength(0);
  }, 30_000);

  it('rejects at negotiation an association that only proposes a non-dose SOP class', async () => {
    const outcome = await cStore(target(), [datasetOf(generateNonDoseDicom('ct-image'))]);
    expect(outcome.associationRejected).not.toBeNull();
    expect(outcome.responses).toEqual([]);
    expect(rejections).toEqual(['no-acceptable-context']);
    expect(received).toHaveLength(0);
  });

  it('rejects another called AE title and a calling AE title outside the allowlist', async () => {
    const wrongCalled = await cEcho(target({ calledAeTitle: 'PACS' }));
    expect(wrongCalled.associationRejected?.reason).toBe(RejectReason.CalledAeNotRecognized);
    const unknownCaller = await cEcho(target({ callingAeTitle: 'INTRUDER' }));
    expect(unknownCaller.associationRejected?.reason).toBe(RejectReason.CallingAeNotRecognized);
    expect(rejections).toEqual(['called-ae-not-recognized', 'calling-ae-not-recognized']);
  });
});
