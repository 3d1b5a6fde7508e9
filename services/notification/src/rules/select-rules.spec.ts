import { DEFAULT_ALERT_RULES, validateAlertRules, type AlertRule } from './alert-rule';
import { evaluateRules } from './evaluate-rules';
import { applicableRules } from './select-rules';
import type { RuleSubject } from './study-context';

const subject = (over: Partial<RuleSubject> = {}): RuleSubject => ({
  site: 'north',
  devices: ['CATH-1', '1.2.3.4'],
  procedureCode: 'P5-30010',
  protocols: ['Cardiac'],
  ageYears: 54,
  ...over,
});

const rule = (over: Partial<AlertRule> & Pick<AlertRule, 'id'>): AlertRule => ({
  kind: 'study',
  metric: 'peak-skin-dose',
  threshold: 3,
  level: 'srdl',
  description: 'd',
  reference: 'r',
  ...over,
});

describe('applicableRules: per site, room, procedure, protocol and age, overriding the SRDL defaults', () => {
  const rules = validateAlertRules([
    ...DEFAULT_ALERT_RULES,
    rule({ id: 'north.psd', threshold: 2, match: { sites: ['north'] } }),
    rule({ id: 'north.cath1.psd', threshold: 1.5, match: { sites: ['north'], devices: ['CATH-1'] } }),
    rule({ id: 'paediatric.psd', threshold: 1, match: { ageYears: { maxYears: 18 } } }),
    rule({ id: 'neuro.kar', metric: 'reference-air-kerma', threshold: 8, match: { procedureCodes: ['P5-NEURO'] } }),
    rule({ id: 'tips.kar', metric: 'reference-air-kerma', threshold: 4, match: { protocols: ['TIPS'] } }),
  ]);
  const psdRule = (s: RuleSubject) => applicableRules(rules, s, ['study']).find((r) => r.metric === 'peak-skin-dose')!.id;
  const karRule = (s: RuleSubject) => applicableRules(rules, s, ['study']).find((r) => r.metric === 'reference-air-kerma')!.id;

  it('the most specific matching rule of a (kind, metric, level) wins: room over site over default', () => {
    expect(psdRule(subject())).toBe('north.cath1.psd');
    expect(psdRule(subject({ devices: ['CATH-2'] }))).toBe('north.psd');
    expect(psdRule(subject({ site: 'south' }))).toBe('srdl.peak-skin-dose');
  });

  it('a device matches by station name or device observer UID', () => {
    expect(psdRule(subject({ devices: ['1.2.3.4', 'CATH-1'] }))).toBe('north.cath1.psd');
  });

  it('an age group matches a known age only (max exclusive); unknown age falls back to the default', () => {
    expect(psdRule(subject({ site: 'south', ageYears: 17.9 }))).toBe('paediatric.psd');
    expect(psdRule(subject({ site: 'south', ageYears: 18 }))).toBe('srdl.peak-skin-dose');
    expect(psdRule(subject({ site: 'south', ageYears: null }))).toBe('srdl.peak-skin-dose');
  });

  it('a procedure code or protocol criterion can raise or lower a default', () => {
    expect(karRule(subject({ procedureCode: 'P5-NEURO' }))).toBe('neuro.kar');
    expect(karRule(subject({ protocols: ['Cardiac', 'TIPS'] }))).toBe('tips.kar');
    expect(karRule(subject({ procedureCode: null }))).toBe('srdl.reference-air-kerma');
    const fired = (s: RuleSubject, kar: number) => evaluateRules(applicableRules(rules, s, ['study']), { 'reference-air-kerma': kar }).map((b) => b.rule.id);
    expect(fired(subject({ procedureCode: 'P5-NEURO' }), 6)).toEqual([]);
    expect(fired(subject({ protocols: ['TIPS'] }), 4.5)).toEqual(['tips.kar']);
  });

  it('returns only the kinds asked for', () => {
    expect(
      applicableRules(rules, subject(), ['cumulative'])
        .map((r) => r.id)
        .sort(),
    ).toEqual(['srdl.cumulative-peak-skin-dose', 'srdl.cumulative-reference-air-kerma']);
    expect(applicableRules(rules, subject(), ['already-above']).map((r) => r.id)).toEqual(['srdl.already-above-peak-skin-dose']);
  });
});

describe('validateAlertRules: cumulative rules and criteria', () => {
  it('accepts the SRDL defaults with their cumulative rules (3 Gy cumulative PSD, 5 Gy Σ Ka,r in 60 days)', () => {
    const rules = validateAlertRules(DEFAULT_ALERT_RULES);
    expect(rules.filter((r) => r.kind === 'cumulative').map((r) => [r.metric, r.threshold, r.windowDays])).toEqual([
      ['peak-skin-dose', 3, 60],
      ['reference-air-kerma', 5, 60],
    ]);
  });

  it('a rule without kind is a study rule (rule files written before cumulative rules stay valid)', () => {
    expect(validateAlertRules([{ id: 'x', metric: 'peak-skin-dose', threshold: 2, level: 'l', description: 'd', reference: 'r' }])[0]!.kind).toBe('study');
  });

  it.each([
    [{ kind: 'cumulative', metric: 'fluoroscopy-time' }, /adds up peak-skin-dose or reference-air-kerma only/],
    [{ windowDays: 30 }, /windowDays is for cumulative/],
    [{ match: { rooms: ['x'] } }, /Unrecognized key.*rooms/],
    [{ match: { ageYears: { minYears: 18, maxYears: 10 } } }, /minYears must be below maxYears/],
    [{ match: { sites: [] } }, /match.sites|at least 1/],
  ])('refuses %j', (over, message) => {
    expect(() => validateAlertRules([{ ...rule({ id: 'x' }), ...over }])).toThrow(message);
  });

  it('allows the same (kind, metric, level) with different criteria (an override) but not twice with the same criteria', () => {
    expect(() => validateAlertRules([rule({ id: 'a' }), rule({ id: 'b', match: { sites: ['north'] } })])).not.toThrow();
    expect(() => validateAlertRules([rule({ id: 'a', match: { sites: ['north'] } }), rule({ id: 'b', threshold: 5, match: { sites: ['north'] } })])).toThrow(
      /another rule already has kind, metric, level and criteria/,
    );
  });
});
