import { Command } from 'commander';
import { registerCommands } from './commands';

/** The `kerma` command line: physicists' tools over the same libraries the services use. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('kerma')
    .description('Kerma radiation dose monitor: read dose reports, compute skin dose, talk to a Kerma deployment')
    .showHelpAfterError();
  await registerCommands(program, argv);
  await program.parseAsync([...argv]);
}
