import { JsonLogger } from './json-logger';

function capture(level?: 'log' | 'warn') {
  const lines: Record<string, unknown>[] = [];
  const logger = new JsonLogger('ingest', level, (line) => lines.push(JSON.parse(line)));
  return { logger, lines };
}

describe('JsonLogger', () => {
  it('writes one JSON object per call, with the fields of a structured message', () => {
    const { logger, lines } = capture();
    logger.log({ msg: 'object stored', objectId: 'x', sizeBytes: 12 }, 'IntakeService');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'log', service: 'ingest', context: 'IntakeService', msg: 'object stored', objectId: 'x', sizeBytes: 12 }),
    ]);
    expect(Date.parse(String(lines[0].time))).not.toBeNaN();
  });

  it('never lets a field override the level, service or time', () => {
    const { logger, lines } = capture();
    logger.warn({ msg: 'm', level: 'srdl', service: 'spoof' });
    expect(lines[0]).toMatchObject({ level: 'warn', service: 'ingest' });
  });

  it('drops messages below its threshold', () => {
    const { logger, lines } = capture('warn');
    logger.log('chatty');
    logger.debug('chattier');
    logger.error('kept');
    expect(lines.map((l) => l.msg)).toEqual(['kept']);
  });
});
