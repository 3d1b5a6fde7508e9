import type { Assumption, AssumptionCode } from './types';

/** Collects assumptions once per code, counting the events concerned. */
export class AssumptionLog {
  private readonly entries = new Map<AssumptionCode, { message: string; count: number; perEvent: boolean }>();

  note(code: AssumptionCode, message: string): void {
    if (!this.entries.has(code)) this.entries.set(code, { message, count: 0, perEvent: false });
  }

  noteEvent(code: AssumptionCode, message: string): void {
    const e = this.entries.get(code);
    if (e) e.count += 1;
    else this.entries.set(code, { message, count: 1, perEvent: true });
  }

  has(code: AssumptionCode): boolean {
    return this.entries.has(code);
  }

  list(): Assumption[] {
    return [...this.entries.entries()].map(([code, e]) => (e.perEvent ? { code, message: e.message, eventCount: e.count } : { code, message: e.message }));
  }
}
