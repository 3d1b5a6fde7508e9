import { identifyDicomObject, parseDoseReport } from '@kerma/rdsr';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { IMPLEMENTATION_CLASS_UID, part10Of } from './part10';

const IMPLICIT = '1.2.840.10008.1.2';
const EXPLICIT = '1.2.840.10008.1.2.1';
const RDSR = '1.2.840.10008.5.1.4.1.1.88.67';

/** The data set bytes of a generated Part-10 file: what a C-STORE carries. */
function datasetBytes(part10: Uint8Array): Uint8Array {
  const view = new DataView(part10.buffer, part10.byteOffset, part10.byteLength);
  const groupLength = view.getUint32(128 + 4 + 8, true);
  return part10.subarray(128 + 4 + 12 + groupLength);
}

describe('Part-10 bytes of a received data set', () => {
  const spec = procedureSpec({ seed: 501, events: 4 });
  const original = generateRdsr(spec);
  const dataset = datasetBytes(original);

  it('puts preamble, DICM and a File Meta group before the data set, which stays byte for byte', () => {
    const bytes = part10Of(dataset, { sopClassUid: RDSR, sopInstanceUid: '2.25.7', transferSyntaxUid: EXPLICIT, callingAeTitle: 'CATHLAB1' });
    expect(Buffer.from(bytes.subarray(128, 132)).toString('latin1')).toBe('DICM');
    expect(Buffer.compare(Buffer.from(bytes.subarray(bytes.length - dataset.length)), Buffer.from(dataset))).toBe(0);
    const meta = Buffer.from(bytes.subarray(132, bytes.length - dataset.length)).toString('latin1');
    expect(meta).toContain(IMPLEMENTATION_CLASS_UID);
    expect(meta).toContain('CATHLAB1');
    const parsed = parseDoseReport(bytes);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.procedure.events).toHaveLength(4);
    expect(parsed.procedure.study.studyInstanceUid).toBe(spec.study.studyInstanceUid);
  });

  it('declares the transfer syntax the data set came in, so an implicit VR data set reads correctly', () => {
    const identified = identifyDicomObject(
      part10Of(implicitCopyOf(dataset), { sopClassUid: RDSR, sopInstanceUid: '2.25.7', transferSyntaxUid: IMPLICIT, callingAeTitle: 'X' }),
    );
    if (!identified.ok) throw new Error(identified.error.message);
    expect(identified.identity.transferSyntaxUid).toBe(IMPLICIT);
    expect(identified.identity.studyInstanceUid).toBe(spec.study.studyInstanceUid);
    expect(identified.identity.isDoseReport).toBe(true);
  });
});

/** The same data set in Implicit VR Little Endian, written with dcmjs. */
function implicitCopyOf(explicitDataset: Uint8Array): Uint8Array {
  const dcmjs = require('dcmjs');
  const withMeta = part10Of(explicitDataset, { sopClassUid: RDSR, sopInstanceUid: '2.25.7', transferSyntaxUid: EXPLICIT, callingAeTitle: 'X' });
  const dict = dcmjs.data.DicomMessage.readFile(withMeta.buffer.slice(withMeta.byteOffset, withMeta.byteOffset + withMeta.byteLength));
  dict.meta['00020010'].Value = [IMPLICIT];
  const implicit = new Uint8Array(dict.write());
  return datasetBytes(implicit);
}
