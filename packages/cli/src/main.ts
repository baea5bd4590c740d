import { createAdmin, findConfigFile, loadConfig, migrationPackages, openConfiguredDatabase, type ResolvedConfig } from '@keeper/core';
import { parseArgs, type ParsedArgs, stringOption } from './args.js';
import { diffCommand, migrateCommand } from './database.js';
import { doctor } from './doctor.js';
import { heapFlagsFor, respawn, tieToLauncher } from './heap.js';
import { start } from './start.js';
import { assertWorkersSupported, parseWorkers, runPrimary } from './workers.js';
import cluster from 'node:cluster';

const USAGE = `Usage: keeper <command> [options]

Commands:
  start [--no-migrate] [--workers N|auto]
                                       Migrate (unless told not to), then serve; N processes share
                                       the port (needs PostgreSQL and Redis). Runs the server with
                                       V8's young generation at KEEPER_SEMI_SPACE_MB (default 32;
                                       0 = V8's default)
  doctor                               Print the resolved plugin graph and what fails
  migrate                              Apply every enabled package's pending migrations
  db diff <package> [--name <name>]    Write a migration from a package's Prisma schema change
  admin create --email <e> --password <p> [--name <n>]
                                       Create an admin agent

Options:
  --config <file>   Config file (default: ./keeper.config.ts)
  --help            Show this help
`;

const print = (line: string) => process.stdout.write(`${line}\n`);

async function config(args: ParsedArgs): Promise<ResolvedConfig> {
  return loadConfig(findConfigFile(process.cwd(), stringOption(args, 'config')));
}

/** Runs one CLI command; resolves with the exit code (undefined while a server keeps running). */
export async function main(argv: readonly string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  const args = parseArgs(rest, ['help', 'no-migrate']);
  if (!command || command === '--help' || args.options.has('help')) {
    process.stdout.write(USAGE);
    return command ? 0 : 1;
  }
  switch (command) {
    case 'start': {
      tieToLauncher();
      const workers = parseWorkers(args.options.get('workers'));
      // The server runs with a larger young generation (see heap.ts): re-executed with the flag unless present.
      const flags = heapFlagsFor(argv, process.execArgv, process.env);
      if (flags && process.argv[1]) return respawn(flags, process.argv[1], argv);
      if (workers > 1 && cluster.isPrimary) {
        assertWorkersSupported(await config(args), workers);
        runPrimary(workers, print);
        return undefined;
      }
      await start({ cwd: process.cwd(), configPath: stringOption(args, 'config'), migrate: !args.options.has('no-migrate') });
      return undefined;
    }
    case 'doctor':
      return doctor(process.cwd(), stringOption(args, 'config'), print);
    case 'migrate':
      return migrateCommand(await config(args), print);
    case 'db':
      if (args.positionals[0] !== 'diff') break;
      return diffCommand(await config(args), args.positionals[1], stringOption(args, 'name') ?? 'migration', print);
    case 'admin': {
      if (args.positionals[0] !== 'create') break;
      const email = stringOption(args, 'email');
      const password = stringOption(args, 'password');
      if (!email || !password) {
        print('usage: keeper admin create --email <email> --password <password> [--name <name>]');
        return 1;
      }
      const resolved = await config(args);
      const db = await openConfiguredDatabase(resolved);
      try {
        const { migrate } = await import('@keeper/db/migrate');
        await migrate(db, migrationPackages(resolved));
        const admin = await createAdmin(db, resolved, { email, password, name: stringOption(args, 'name') ?? 'Administrator' });
        print(`created admin ${admin.email} (${admin.id})`);
        return 0;
      } finally {
        await db.close();
      }
    }
    default:
      break;
  }
  process.stderr.write(`Unknown command "${argv.join(' ')}".\n\n${USAGE}`);
  return 1;
}
