/**
 * Running R (Debian's r-base-core with r-cran-forecast) from tests that check grulab's
 * statistical methods against R itself.
 */
import { spawnSync } from 'node:child_process';

/** Why R with the forecast package cannot run here, or undefined when it can. */
export function rMissing(): string | undefined {
  const probe = spawnSync('Rscript', ['-e', 'suppressMessages(library(forecast))'], { stdio: 'ignore' });
  if (probe.error !== undefined) return 'Rscript is not installed (apt-get install r-base-core r-cran-forecast)';
  if (probe.status !== 0) return 'R lacks the forecast package (apt-get install r-cran-forecast)';
  return undefined;
}

/**
 * The `skip` option of an R-backed test: the reason when R is missing outside CI (printed),
 * `false` otherwise, so that CI, where R is installed, fails rather than skips.
 */
export function rSkip(what: string): string | false {
  const why = rMissing();
  const skip = why !== undefined && process.env.CI === undefined ? why : false;
  if (skip) console.log(`# ${what} skipped: ${skip}`);
  return skip;
}

/** Runs R code (`Rscript -e`) or a script file with arguments; returns its standard output. */
export function runR(args: string[], timeoutMs = 120_000): string {
  const run = spawnSync('Rscript', args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (run.error !== undefined) throw run.error;
  if (run.status !== 0) throw new Error(`Rscript ${args.join(' ').slice(0, 200)} failed (${run.status}): ${run.stderr}`);
  return run.stdout;
}
