// Entry point of the `ruche` command: picks the command from the first words, parses its options with
// util.parseArgs, and turns any failure into one line on stderr and a non-zero exit code.
import { parseArgs } from 'node:util';
import { closeDb, db } from '../lib/server/db';
import { migrateToLatest } from '../lib/server/db/migrate';
import { DomainError } from '../lib/server/errors';
import { BackupError } from '../lib/server/backup';
import { hasMessage, translate } from '../lib/i18n';
import { accountCommands } from './accounts';
import { digestCommands } from './digests';
import { searchCommands } from './search';
import { needsMigratedDatabase, operationCommands } from './operations';
import { CliError, say, type Command } from './command';

const commands: Command[] = [...operationCommands.slice(0, 1), ...accountCommands, ...operationCommands.slice(1), ...digestCommands, ...searchCommands];

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: ruche <command> [options]      (also: npm run ruche -- <command> [options])',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "ruche <command> --help" for its options. The instance is chosen by DATA_DIR and DATABASE_URL.'
  ].join('\n');
}

function helpFor(command: Command): string {
  return [`Usage: ${command.usage}`, '', command.summary, ...(command.details.length ? ['', ...command.details] : [])].join('\n');
}

function find(args: string[]): { command: Command; rest: string[] } | null {
  for (const words of [2, 1]) {
    const name = args.slice(0, words).join(' ');
    const command = commands.find((c) => c.name === name);
    if (command) return { command, rest: args.slice(words) };
  }
  return null;
}

function reason(error: unknown): string {
  if (error instanceof DomainError) {
    if (error.detail) return error.detail;
    const fields = error.issues.map((i) => `${i.path}: ${hasMessage(i.message) ? translate('en', i.message) : i.message}`);
    return fields.length ? fields.join('; ') : error.code.replace(/_/g, ' ');
  }
  if (error instanceof CliError || error instanceof BackupError) return error.message;
  // parseArgs errors (unknown option, missing value) carry a clear message and an ERR_PARSE_ARGS code.
  if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) return error.message;
  return error instanceof Error ? error.message : String(error);
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    say(overview());
    return argv.length === 0 ? 1 : 0;
  }
  const found = find(argv);
  if (!found) throw new CliError(`unknown command "${argv.slice(0, 2).join(' ')}"; run "ruche --help" for the list`);
  const { command, rest } = found;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { ...command.options, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true
  });
  if (values.help) {
    say(helpFor(command));
    return 0;
  }
  const { min, max } = command.positionals;
  if (positionals.length < min || positionals.length > max) {
    throw new CliError(`usage: ${command.usage}`);
  }
  if (needsMigratedDatabase.has(command.name)) await migrateToLatest(db());
  await command.run(values, positionals);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`ruche: ${reason(error).split('\n')[0]}\n`);
  process.exitCode = 1;
} finally {
  await closeDb();
}
