import { generateCtDoseReport, generateRdsr, procedureSpec, seededRandom, type RdsrVendor, type SeededRandom } from '@kerma/testing';
import type { RdsrErrorCode } from '../model/errors';
import { identifyDicomObject } from '../identify-dicom-object';
import { parseDoseReport } from '../parse-dose-report';

/**
 * Every mutated report must either parse or give a typed error: no exception escapes, nothing
 * hangs (each parse is bounded by the byte length), and the error codes are the documented ones.
 */

const CODES: ReadonlySet<RdsrErrorCode> = new Set([
  'not-dicom',
  'truncated',
  'malformed',
  'unsupported-transfer-syntax',
  'not-a-dose-report',
  'unknown-unit',
  'invalid-content',
]);
const VRS = ['SQ', 'UN', 'UT', 'DS', 'CS', 'UI', 'OB', 'FD', 'US', 'LO', 'ZZ', '\0\0'];

type Mutation = (bytes: Uint8Array, r: SeededRandom) => Uint8Array;

const MUTATIONS: Readonly<Record<string, Mutation>> = {
  truncate: (b, r) => b.slice(0, r.integer(0, b.length - 1)),
  flipBytes: (b, r) => {
    const out = b.slice();
    const count = r.integer(1, 16);
    for (let i = 0; i < count; i++) out[r.integer(0, out.length - 1)] ^= 1 << r.integer(0, 7);
    return out;
  },
  randomBytes: (b, r) => {
    const out = b.slice();
    const at = r.integer(0, out.length - 1);
    for (let i = at; i < Math.min(out.length, at + r.integer(1, 64)); i++) out[i] = r.integer(0, 255);
    return out;
  },
  wrongVr: (b, r) => {
    const out = b.slice();
    // Any two upper-case letters after the preamble could be a VR: rewrite a few of them.
    for (let tries = 0, done = 0; tries < 5000 && done < 3; tries++) {
      const at = r.integer(132, out.length - 2);
      if (out[at]! >= 0x41 && out[at]! <= 0x5a && out[at + 1]! >= 0x41 && out[at + 1]! <= 0x5a) {
        const vr = r.pick(VRS)!;
        out[at] = vr.charCodeAt(0);
        out[at + 1] = vr.charCodeAt(1);
        done++;
      }
    }
    return out;
  },
  hugeLength: (b, r) => {
    const out = b.slice();
    const view = new DataView(out.buffer);
    const at = r.integer(132, out.length - 4);
    view.setUint32(at, r.pick([0xffffffff, 0xfffffff0, 0x7fffffff, out.length * 2, 0x10000])!, true);
    return out;
  },
  duplicateRange: (b, r) => {
    const from = r.integer(132, b.length - 2);
    const to = r.integer(from + 1, Math.min(b.length, from + 512));
    const out = new Uint8Array(b.length + (to - from));
    out.set(b.subarray(0, to));
    out.set(b.subarray(from), to);
    return out;
  },
  dropRange: (b, r) => {
    const from = r.integer(132, b.length - 2);
    const to = r.integer(from + 1, Math.min(b.length, from + 256));
    const out = new Uint8Array(b.length - (to - from));
    out.set(b.subarray(0, from));
    out.set(b.subarray(to), from);
    return out;
  },
};

/** Explicit VR LE dataset: SOP Class UID, then `depth` nested Content Sequences of undefined length. */
function deeplyNested(depth: number): Uint8Array {
  const parts: number[] = [];
  const u16 = (v: number) => parts.push(v & 0xff, v >> 8);
  const u32 = (v: number) => parts.push(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff);
  const uid = '1.2.840.10008.5.1.4.1.1.88.67';
  u16(0x0008);
  u16(0x0016);
  parts.push(0x55, 0x49);
  u16(uid.length + 1);
  for (const c of uid) parts.push(c.charCodeAt(0));
  parts.push(0);
  for (let i = 0; i < depth; i++) {
    u16(0x0040);
    u16(0xa730);
    parts.push(0x53, 0x51, 0, 0);
    u32(0xffffffff);
    u16(0xfffe);
    u16(0xe000);
    u32(0xffffffff);
  }
  for (let i = 0; i < depth; i++) {
    u16(0xfffe);
    u16(0xe00d);
    u32(0);
    u16(0xfffe);
    u16(0xe0dd);
    u32(0);
  }
  return new Uint8Array(parts);
}

function expectTypedOutcome(bytes: Uint8Array, label: string): void {
  let outcome: ReturnType<typeof parseDoseReport>;
  let identity: ReturnType<typeof identifyDicomObject>;
  try {
    outcome = parseDoseReport(bytes);
    identity = identifyDicomObject(bytes);
  } catch (err) {
    throw new Error(`${label}: threw ${(err as Error).message}`);
  }
  if (!outcome.ok && !CODES.has(outcome.error.code)) throw new Error(`${label}: untyped error ${JSON.stringify(outcome.error)}`);
  if (!identity.ok && !CODES.has(identity.error.code)) throw new Error(`${label}: untyped identify error ${JSON.stringify(identity.error)}`);
  // The catch-all mapping exists for safety; reaching it means a defect in the reader, not bad input.
  if (!outcome.ok && outcome.error.message.startsWith('the data cannot be read')) throw new Error(`${label}: unexpected defect ${outcome.error.message}`);
}

describe('robustness against mutated reports', () => {
  const vendors: readonly RdsrVendor[] = ['standard', 'siemens', 'philips-allura', 'philips-azurion', 'ge-oec', 'canon', 'enhanced'];
  const bases = [
    ...vendors.map((vendor, i) => ({ label: vendor, bytes: generateRdsr(procedureSpec({ vendor, seed: 100 + i, events: 6 })) })),
    { label: 'ct', bytes: generateCtDoseReport() },
  ];
  const perKind = Math.ceil(1050 / Object.keys(MUTATIONS).length);

  it.each(Object.keys(MUTATIONS))('%s: parses or returns a typed error', (name) => {
    const r = seededRandom(name.length * 7919);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < perKind; i++) {
      const base = bases[i % bases.length]!;
      const mutated = MUTATIONS[name]!(base.bytes, r);
      expectTypedOutcome(mutated, `${name} #${i} of ${base.label}`);
      const out = parseDoseReport(mutated);
      const key = out.ok ? 'ok' : out.error.code;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    expect([...outcomes.values()].reduce((a, b) => a + b, 0)).toBe(perKind);
  });

  it('refuses nesting deeper than the limit as malformed', () => {
    expect(parseDoseReport(deeplyNested(200))).toMatchObject({ ok: false, error: { code: 'malformed', message: expect.stringContaining('nested deeper') } });
    expect(identifyDicomObject(deeplyNested(10_000))).toMatchObject({ ok: false, error: { code: 'malformed' } });
  });

  it('accepts nesting within the limit', () => {
    const out = identifyDicomObject(deeplyNested(20));
    expect(out.ok).toBe(false);
    expect(out.ok ? null : out.error.message).toMatch(/SOP Instance UID/);
  });

  it('truncation anywhere is an error, never a partial report', () => {
    const bytes = bases[0]!.bytes;
    for (let cut = 0; cut < bytes.length; cut += 97) {
      const out = parseDoseReport(bytes.subarray(0, cut));
      expect(out.ok).toBe(false);
    }
  });
});
