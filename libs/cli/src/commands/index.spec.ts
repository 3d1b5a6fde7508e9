import { Command } from 'commander';
import { COMMAND_GROUPS, registerCommands } from '.';

const commandsOf = async (args: string[]) => {
  const program = new Command('kerma');
  await registerCommands(program, ['node', 'kerma', ...args]);
  return program.commands.map((c) => c.name());
};

describe('registerCommands', () => {
  it('loads only the group the command line names, and each group registers the command it is listed under', async () => {
    for (const group of COMMAND_GROUPS) expect(await commandsOf([group, '--help'])).toEqual([group]);
  });

  it('registers every group for help, no command or a mistyped one, in the listed order', async () => {
    for (const args of [[], ['--help'], ['help', 'rdsr'], ['rdsr-dump']]) expect(await commandsOf(args)).toEqual(COMMAND_GROUPS);
  });
});
