import type { TextCodec } from './dataset';

/** Specific Character Set (0008,0005) defined terms → WHATWG encoding labels. */
const CHARSET_ENCODINGS: Readonly<Record<string, string>> = {
  '': 'latin1',
  ISO_IR_6: 'latin1',
  'ISO_IR 6': 'latin1',
  'ISO_IR 100': 'latin1',
  'ISO 2022 IR 100': 'latin1',
  'ISO_IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO_IR 148': 'iso-8859-9',
  'ISO_IR 166': 'windows-874',
  'ISO_IR 13': 'shift_jis',
  'ISO_IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

const CHUNK = 4096;

/** Most SR text is ASCII, which every DICOM character set encodes the same way: decode it directly. */
function asciiOrNull(bytes: Uint8Array, start: number, end: number): string | null {
  for (let i = start; i < end; i++) {
    if (bytes[i]! >= 0x80) return null;
  }
  if (end - start <= CHUNK) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  let out = '';
  for (let i = start; i < end; i += CHUNK) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[]);
  }
  return out;
}

function codecFor(encoding: string): TextCodec {
  const decoder = new TextDecoder(encoding);
  return {
    decode(bytes, start, end) {
      return asciiOrNull(bytes, start, end) ?? decoder.decode(bytes.subarray(start, end));
    },
  };
}

const cache = new Map<string, TextCodec>();

/** The codec for a Specific Character Set value; unknown or multi-valued sets fall back to Latin-1. */
export function textCodecFor(specificCharacterSet: string): TextCodec {
  const terms = specificCharacterSet.split('\\').map((t) => t.trim());
  const last = terms[terms.length - 1] ?? '';
  const encoding = CHARSET_ENCODINGS[last] ?? CHARSET_ENCODINGS[terms[0] ?? ''] ?? 'latin1';
  let codec = cache.get(encoding);
  if (!codec) {
    codec = codecFor(encoding);
    cache.set(encoding, codec);
  }
  return codec;
}

export const DEFAULT_TEXT_CODEC = textCodecFor('');
