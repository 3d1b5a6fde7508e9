import { InProcessBus } from './in-process-bus';

describe('InProcessBus', () => {
  it('delivers messages of one key in publication order, even when handlers take different times', async () => {
    const bus = new InProcessBus();
    const handled: string[] = [];
    bus.subscribe('t', async (m) => {
      await new Promise((r) => setTimeout(r, m.value === 'first' ? 30 : 1));
      handled.push(m.value);
    });
    await bus.publish('t', 'patient-1', 'first');
    await bus.publish('t', 'patient-1', 'second');
    await bus.drain();
    expect(handled).toEqual(['first', 'second']);
  });

  it('gives every subscriber (consumer group) its own copy, and numbers offsets per topic', async () => {
    const bus = new InProcessBus();
    const a: string[] = [];
    const b: string[] = [];
    bus.subscribe('t', async (m) => void a.push(m.offset!));
    bus.subscribe('t', async (m) => void b.push(m.offset!));
    await bus.publish('t', null, 'x');
    await bus.publish('t', null, 'y');
    await bus.drain();
    expect(a).toEqual(['0', '1']);
    expect(b).toEqual(['0', '1']);
  });

  it('keeps going after a subscriber fails, and drains messages published while handling', async () => {
    const bus = new InProcessBus();
    const seen: string[] = [];
    bus.subscribe('in', async (m) => {
      if (m.value === 'boom') throw new Error('handler failed');
      await bus.publish('out', m.key, m.value.toUpperCase());
    });
    bus.subscribe('out', async (m) => void seen.push(m.value));
    await bus.publish('in', 'k', 'boom');
    await bus.publish('in', 'k', 'ok');
    await bus.drain();
    expect(seen).toEqual(['OK']);
  });
});
