// The `qorgau` command. Each command opens what it needs (config, database) only when it runs.
import { Command } from 'commander';
import { registerCommands } from './commands.ts';

const program = new Command();
program
  .name('qorgau')
  .description('Qorgau: training teachers in Kazakhstan to prevent violence, bullying and deviant behaviour among children')
  .version(process.env.npm_package_version ?? '0.1.0', '-v, --version')
  .showHelpAfterError();

registerCommands(program);

await program.parseAsync(process.argv);
