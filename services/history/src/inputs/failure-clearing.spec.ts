import type { StageFailure } from '../persistence/study-record.entity';
import { failuresAfter } from './failure-clearing';

const failure = (stage: string, sopInstanceUid: string | null, topic = 'kerma.rdsr.received.v1'): StageFailure => ({
  stage,
  consumerGroup: `kerma-${stage}`,
  topic,
  kind: 'transient',
  code: null,
  message: 'down',
  sopInstanceUid,
  failedAt: '2026-01-01T00:00:00.000Z',
});

describe('failuresAfter a stage completed', () => {
  const parseA = failure('parse', '1.1');
  const parseB = failure('parse', '1.2');
  const skin = failure('skin-dose', '1.1', 'kerma.study.parsed.v1');
  const notify = failure('notification', null, 'kerma.skin-dose.calculated.v1');
  const history = failure('history', '1.1', 'kerma.study.parsed.v1');
  const all = [parseA, parseB, skin, notify, history];

  it('clears the parse failures of the reports the study was assembled from, and only those', () => {
    expect(failuresAfter(all, { stage: 'parse', sopInstanceUids: ['1.1'] })).toEqual([parseB, skin, notify, history]);
  });

  it('clears skin-dose failures once the skin dose is calculated', () => {
    expect(failuresAfter(all, { stage: 'skin-dose' })).toEqual([parseA, parseB, notify, history]);
  });

  it("clears history's own failures on a topic once it handled an event of that topic", () => {
    expect(failuresAfter(all, { stage: 'history', topic: 'kerma.study.parsed.v1' })).toEqual([parseA, parseB, skin, notify]);
    expect(failuresAfter(all, { stage: 'history', topic: 'kerma.dose-alert.v1' })).toEqual(all);
  });
});
