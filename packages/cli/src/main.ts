import { parseArgs, stringOption } from './args.js';
import { doctor } from './doctor.js';
import { start } from './start.js';

const USAGE = `Usage: keeper <command> [options]

Commands:
  start      Start the server (reads ./keeper.config.ts, or --config <file>)
  doctor     Print the resolved plugin graph and what fails

Options:
  --config <file>   Path to the config file
  --help            Show this help
`;

/** Runs one CLI command; resolves with the exit code (undefined while a server keeps running). */
export async function main(argv: readonly string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  const args = parseArgs(rest, ['help', 'no-migrate']);
  if (!command || command === '--help' || args.options.has('help')) {
    process.stdout.write(USAGE);
    return command ? 0 : 1;
  }
  const cwd = process.cwd();
  const configPath = stringOption(args, 'config');
  switch (command) {
    case 'start':
      await start({ cwd, configPath });
      return undefined;
    case 'doctor':
      return doctor(cwd, configPath, (line) => process.stdout.write(`${line}\n`));
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 1;
  }
}
