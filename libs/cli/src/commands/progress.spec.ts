import { formatDuration, formatProgress, Progress } from './progress';

describe('progress', () => {
  it('shows count, percentage, rate and ETA, with a bar on a terminal', () => {
    expect(formatProgress('import', 100, 400, 10_000, false)).toBe('import 100/400 25% 10.0/s ETA 0:30');
    expect(formatProgress('import', 0, 10, 0, true)).toBe(`import [${'.'.repeat(30)}] 0/10 0% 0.0/s ETA ?`);
    expect(formatDuration(3725)).toBe('1:02:05');
  });

  it('redraws in place on a terminal and writes a plain line at most every interval otherwise', () => {
    const tty: string[] = [];
    const bar = new Progress('x', 2, { isTTY: true, write: (t) => void tty.push(t) });
    bar.advance();
    bar.finish();
    expect(tty[0]).toMatch(/^\r\x1b\[2Kx \[#{15}\.{15}\] 1\/2 50%/);
    expect(tty.at(-1)).toBe('\r\x1b[2K');
    const printed: string[] = [];
    tty.length = 0;
    bar.around((line) => void printed.push(line))('stored a.dcm');
    expect([tty[0], printed, tty[1]]).toEqual(['\r\x1b[2K', ['stored a.dcm'], expect.stringMatching(/^\r\x1b\[2Kx \[/)]);

    let now = 0;
    const plain: string[] = [];
    const lines = new Progress('y', 3, { isTTY: false, write: (t) => void plain.push(t) }, 1_000, () => now);
    now = 1_000;
    lines.advance();
    now = 1_500;
    lines.advance();
    now = 2_000;
    lines.advance();
    expect(plain).toEqual(['y 1/3 33% 1.0/s ETA 0:02\n', 'y 3/3 100% 1.5/s ETA 0:00\n']);
  });
});
