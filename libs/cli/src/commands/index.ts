import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Each command group by the name it registers, loaded on demand: one file per group under ./commands. Loading
 * every group's modules (and the Node built-ins they pull in) cost more than the command itself for a short run.
 */
const GROUPS: ReadonlyMap<string, () => Promise<Register>> = new Map([
  ['skin-dose', async () => (await import('./skin-dose')).registerSkinDoseCommand],
  ['rdsr', async () => (await import('./rdsr')).registerRdsrCommands],
  ['dead-letters', async () => (await import('./dead-letters')).registerDeadLetterCommands],
  ['import', async () => (await import('./import')).registerImportCommand],
  ['reprocess', async () => (await import('./reprocess')).registerReprocessCommand],
  ['load', async () => (await import('./load')).registerLoadCommand],
  ['pacs', async () => (await import('./pacs/command')).registerPacsCommands],
  ['rooms', async () => (await import('./rooms')).registerRoomsCommands],
  ['patient-size', async () => (await import('./patient-size')).registerPatientSizeCommands],
  ['validate', async () => (await import('./validate')).registerValidateCommands],
  ['api-keys', async () => (await import('./api-keys')).registerApiKeysCommands],
  ['export', async () => (await import('./export')).registerExportCommand],
] as const);

/**
 * Registers the group the command line names (`kerma rdsr dump …` loads rdsr only), or every group when it
 * names none of them (`kerma --help`, `kerma help …`, a mistyped command: help and suggestions list them all).
 */
export async function registerCommands(program: Command, argv: readonly string[]): Promise<void> {
  const named = argv.slice(2).find((arg) => !arg.startsWith('-'));
  const names = named !== undefined && GROUPS.has(named) ? [named] : [...GROUPS.keys()];
  for (const name of names) (await GROUPS.get(name)!())(program);
}

/** The group names, in the order `kerma --help` lists them. */
export const COMMAND_GROUPS: readonly string[] = [...GROUPS.keys()];
