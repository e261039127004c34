#!/usr/bin/env node
/**
 * The `grulab` command (`npx grulab forecast data.csv --target Temp ...`).
 *
 * Exit codes: 0 success, 2 a usage error (unknown or malformed option, missing argument;
 * commander prints it with a hint), 1 a failure while running (a missing file or column,
 * a setting the data cannot satisfy): one `error:` line with the library's message, no
 * stack trace.
 */
import { Command, CommanderError } from 'commander';
import { forecastCommand } from './forecast-command';

/** Exit code of a usage error (as in BSD sysexits' EX_USAGE spirit and most CLIs: 2). */
export const USAGE_ERROR = 2;
/** Exit code of a failure while running. */
export const FAILURE = 1;

/**
 * Builds the `grulab` program.
 *
 * @returns a commander program with the `forecast` subcommand; errors throw instead of
 *   exiting (see {@link main}).
 * @example
 * program().parseAsync(['node', 'grulab', 'forecast', 'data.csv', '--target', 'Temp']);
 */
export function program(): Command {
  const root = new Command('grulab')
    .description('GRU networks in TypeScript: forecast your own time series.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  root.addCommand(forecastCommand().showHelpAfterError('(run grulab forecast --help for usage)').exitOverride());
  return root;
}

/**
 * Runs the command line and returns the exit code.
 *
 * @param argv `process.argv`.
 * @returns 0, {@link USAGE_ERROR} or {@link FAILURE}.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has printed the message (or the help) already.
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : USAGE_ERROR;
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return FAILURE;
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
