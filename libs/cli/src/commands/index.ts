import type { Command } from 'commander';

/** Each command group registers itself here; one file per group under ./commands. */
export function registerCommands(program: Command): void {
  void program;
}
