/** The `switchboard` command-line tool. */
import { checkCommand } from './check';
import { exportCommand } from './export';
import { importCommand } from './import';
import { Command, EXIT_USAGE, UsageError } from './command';
import { generateCommand } from './generate';
import { lspCommand } from './lsp';
import { simulateCommand } from './simulate';
import { PRODUCT_VERSION } from './version';

const COMMANDS: readonly Command[] = [
  checkCommand,
  generateCommand,
  simulateCommand,
  importCommand,
  exportCommand,
  lspCommand,
];

const HELP = `Usage: switchboard COMMAND [OPTIONS]

Checks, generates and simulates communication contracts (comm.yaml).

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(10)} ${command.summary}`).join('\n')}

Run 'switchboard COMMAND --help' for the options of a command.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP + '\n');
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(PRODUCT_VERSION + '\n');
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    process.stderr.write(
      `Unknown command '${name}'. Run 'switchboard --help' for the list of commands.\n`,
    );
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(command.help + '\n');
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      process.stderr.write(
        `${(error as Error).message}\nRun 'switchboard ${command.name} --help' for usage.\n`,
      );
      return EXIT_USAGE;
    }
    throw error;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

if (require.main === module) {
  // A reader that stops early, as `switchboard check | head` does, closes the pipe. The rest of
  // the output has nowhere to go, and the exit status still reports the result.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.stdout.destroy();
  });
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      process.stderr.write(
        `switchboard failed unexpectedly: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exitCode = 70;
    },
  );
}
