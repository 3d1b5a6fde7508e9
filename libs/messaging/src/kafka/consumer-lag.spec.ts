import { consumerLag, type CommittedOffsets, type TopicEnds } from './consumer-lag';

const ends: TopicEnds[] = [
  {
    topic: 'kerma.study.parsed.v1',
    partitions: [
      { partition: 1, low: '0', high: '40' },
      { partition: 0, low: '0', high: '100' },
      { partition: 2, low: '50', high: '80' },
    ],
  },
  { topic: 'kerma.rdsr.received.v1', partitions: [{ partition: 0, low: '0', high: '0' }] },
];

describe('consumerLag: high watermark minus the committed position, per partition', () => {
  it('subtracts the committed offset; a partition caught up lags by 0', () => {
    const committed: CommittedOffsets[] = [
      {
        topic: 'kerma.study.parsed.v1',
        partitions: [
          { partition: 0, offset: '97' },
          { partition: 1, offset: '40' },
          { partition: 2, offset: '60' },
        ],
      },
      { topic: 'kerma.rdsr.received.v1', partitions: [{ partition: 0, offset: '-1' }] },
    ];
    expect(consumerLag(committed, ends)).toEqual([
      { topic: 'kerma.rdsr.received.v1', partition: 0, lagMessages: 0 },
      { topic: 'kerma.study.parsed.v1', partition: 0, lagMessages: 3 },
      { topic: 'kerma.study.parsed.v1', partition: 1, lagMessages: 0 },
      { topic: 'kerma.study.parsed.v1', partition: 2, lagMessages: 20 },
    ]);
  });

  it('a partition without a committed offset is read from the beginning: it lags by every message still kept', () => {
    const committed: CommittedOffsets[] = [{ topic: 'kerma.study.parsed.v1', partitions: [{ partition: 0, offset: '-1' }] }];
    expect(consumerLag(committed, ends).filter((p) => p.topic === 'kerma.study.parsed.v1')).toEqual([
      { topic: 'kerma.study.parsed.v1', partition: 0, lagMessages: 100 },
      { topic: 'kerma.study.parsed.v1', partition: 1, lagMessages: 40 },
      { topic: 'kerma.study.parsed.v1', partition: 2, lagMessages: 30 },
    ]);
  });

  it('a committed offset below the log start (removed by retention) resumes at the log start', () => {
    const committed: CommittedOffsets[] = [{ topic: 'kerma.study.parsed.v1', partitions: [{ partition: 2, offset: '10' }] }];
    expect(consumerLag(committed, ends).find((p) => p.topic === 'kerma.study.parsed.v1' && p.partition === 2)!.lagMessages).toBe(30);
  });

  it('offsets beyond 2^53 are subtracted exactly', () => {
    const big: TopicEnds[] = [{ topic: 't', partitions: [{ partition: 0, low: '0', high: '9007199254740999' }] }];
    expect(consumerLag([{ topic: 't', partitions: [{ partition: 0, offset: '9007199254740990' }] }], big)).toEqual([
      { topic: 't', partition: 0, lagMessages: 9 },
    ]);
  });
});
