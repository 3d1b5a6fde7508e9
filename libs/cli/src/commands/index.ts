import type { Command } from 'commander';
import { registerSkinDoseCommand } from './skin-dose';
import { registerRdsrCommands } from './rdsr';
import { registerDeadLetterCommands } from './dead-letters';
import { registerImportCommand } from './import';
import { registerReprocessCommand } from './reprocess';
import { registerLoadCommand } from './load';
import { registerPacsCommands } from './pacs/command';
import { registerRoomsCommands } from './rooms';
import { registerPatientSizeCommands } from './patient-size';
import { registerValidateCommands } from './validate';
import { registerApiKeysCommands } from './api-keys';
import { registerExportCommand } from './export';

/** Each command group registers itself here; one file per group under ./commands. */
export function registerCommands(program: Command): void {
  registerSkinDoseCommand(program);
  registerRdsrCommands(program);
  registerDeadLetterCommands(program);
  registerImportCommand(program);
  registerReprocessCommand(program);
  registerLoadCommand(program);
  registerPacsCommands(program);
  registerRoomsCommands(program);
  registerPatientSizeCommands(program);
  registerValidateCommands(program);
  registerApiKeysCommands(program);
  registerExportCommand(program);
}
