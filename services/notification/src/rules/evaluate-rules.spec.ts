import { DEFAULT_ALERT_RULES, parseAlertRules } from './alert-rule';
import { evaluateRules } from './evaluate-rules';

const STUDY_RULES = DEFAULT_ALERT_RULES.filter((r) => r.kind === 'study');

describe('default SRDL rules for one study (NCRP 168 / SIR)', () => {
  it('fire at or above each threshold, not below', () => {
    const fired = (metrics: Parameters<typeof evaluateRules>[1]) =>
      evaluateRules(STUDY_RULES, metrics)
        .map((b) => b.rule.id)
        .sort();
    expect(fired({ 'peak-skin-dose': 2.99, 'reference-air-kerma': 4.99, 'kerma-area-product': 499.9, 'fluoroscopy-time': 59.9 })).toEqual([]);
    expect(fired({ 'peak-skin-dose': 3, 'reference-air-kerma': 5, 'kerma-area-product': 500, 'fluoroscopy-time': 60 })).toEqual([
      'srdl.fluoroscopy-time',
      'srdl.kerma-area-product',
      'srdl.peak-skin-dose',
      'srdl.reference-air-kerma',
    ]);
  });

  it('do not evaluate a metric the study does not report', () => {
    expect(evaluateRules(STUDY_RULES, { 'reference-air-kerma': 7 }).map((b) => b.measured)).toEqual([7]);
  });
});

describe('parseAlertRules', () => {
  it('accepts a custom rule set with several levels per metric', () => {
    const rules = parseAlertRules(
      JSON.stringify([
        { id: 'notice.kar', metric: 'reference-air-kerma', threshold: 3, level: 'notice', description: 'first notification', reference: 'MPPG 12.a' },
        { id: 'srdl.kar', metric: 'reference-air-kerma', threshold: 5, level: 'srdl', description: 'SRDL', reference: 'NCRP 168' },
      ]),
    );
    expect(evaluateRules(rules, { 'reference-air-kerma': 4 }).map((b) => b.rule.level)).toEqual(['notice']);
  });

  it.each([
    ['not json', /not valid JSON/],
    ['[]', /at least 1/],
    [JSON.stringify([{ id: 'x', metric: 'effective-dose', threshold: 1, level: 'l', description: 'd', reference: 'r' }]), /metric/],
    [JSON.stringify([{ id: 'x', metric: 'peak-skin-dose', threshold: -1, level: 'l', description: 'd', reference: 'r' }]), /threshold|greater than 0/],
  ])('rejects %s', (json, message) => {
    expect(() => parseAlertRules(json)).toThrow(message);
  });

  it('rejects two rules with the same metric and level (the second could never fire)', () => {
    const rule = (id: string, threshold: number) => ({ id, metric: 'peak-skin-dose', threshold, level: 'srdl', description: 'd', reference: 'r' });
    expect(() => parseAlertRules(JSON.stringify([rule('a', 3), rule('b', 5)]))).toThrow(/kind, metric, level and criteria study \/ peak-skin-dose \/ srdl/);
  });

  it('rejects a level longer than the alert store keeps', () => {
    const rule = { id: 'x', metric: 'peak-skin-dose', threshold: 3, level: 'l'.repeat(33), description: 'd', reference: 'r' };
    expect(() => parseAlertRules(JSON.stringify([rule]))).toThrow(/32/);
  });

  it('rejects a duplicated rule id', () => {
    const rule = { id: 'dup', metric: 'peak-skin-dose', threshold: 2, level: 'l', description: 'd', reference: 'r' };
    expect(() => parseAlertRules(JSON.stringify([rule, rule]))).toThrow(/"dup" is used twice/);
  });
});
