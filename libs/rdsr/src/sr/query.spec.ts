import { codeKey, concept } from './codes';
import type { CodedConcept, ContentItem } from './content-item';
import { child, children } from './query';

const code = (scheme: string, value: string): CodedConcept => ({ scheme, value, meaning: value, key: codeKey(scheme, value) });
const text = (c: CodedConcept, value: string): ContentItem => ({ valueType: 'TEXT', relationship: 'CONTAINS', concept: c, children: [], text: value });
const container = (kids: ContentItem[]): ContentItem => ({ valueType: 'CONTAINER', relationship: null, concept: null, children: kids });

const A = code('DCM', '1');
const B = code('DCM', '2');
const LEGACY = code('SRT', 'X');
const CURRENT = code('SCT', 'Y');
const conceptA = concept('A', ['DCM', '1']);
const conceptB = concept('B', ['DCM', '2']);
const either = concept('either', ['SRT', 'X'], ['SCT', 'Y']);

const textOf = (item: ContentItem | null) => (item?.valueType === 'TEXT' ? item.text : null);

describe('content tree query', () => {
  it('answers from each parent even when parents share one layout', () => {
    const first = container([text(A, 'a1'), text(B, 'b1')]);
    const second = container([text(A, 'a2'), text(B, 'b2')]);
    expect(textOf(child(first, conceptB))).toBe('b1');
    expect(textOf(child(second, conceptB))).toBe('b2');
    expect(textOf(child(second, conceptA, 'TEXT'))).toBe('a2');
    expect(child(second, conceptA, 'NUM')).toBeNull();
  });

  it('gives a repaired copy with other children its own answers, not the original index', () => {
    const original = container([text(A, 'a'), text(B, 'b')]);
    expect(textOf(child(original, conceptB))).toBe('b');
    const repaired = { ...original, children: [text(B, 'moved'), ...original.children] } as ContentItem;
    expect(textOf(child(repaired, conceptB))).toBe('moved');
    expect(children(repaired, conceptB).map(textOf)).toEqual(['moved', 'b']);
    expect(textOf(child(original, conceptB))).toBe('b');
  });

  it('matches any code of a concept, in document order', () => {
    const parent = container([text(CURRENT, 'current'), text(A, 'a'), text(LEGACY, 'legacy'), text(CURRENT, 'current 2')]);
    expect(children(parent, either).map(textOf)).toEqual(['current', 'legacy', 'current 2']);
    expect(textOf(child(parent, either))).toBe('current');
  });
});
