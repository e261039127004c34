/**
 * Atomic file writes: every file grulab writes (executed notebooks, saved models, charts,
 * forecasts, the kernelspec, the synthetic dataset) goes to a temporary file in the same
 * folder first and is renamed into place, so a reader or a crash sees the old file or the
 * new one, never half of one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** File contents: text (written as UTF-8) or bytes. */
export type FileData = string | Uint8Array;

/** Files written to temporary names, waiting to be renamed into place. */
export interface StagedFiles {
  /** Renames every file into place, in the order given. */
  commit(): void;
  /** Removes the temporary files; the destinations are left as they were. */
  discard(): void;
}

function temporaryName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
}

/**
 * Writes `files` to temporary names beside their destinations, without touching the
 * destinations yet: the first step of a write that must happen together with other work
 * (commit after it succeeds, discard if it fails).
 *
 * @throws the write's error, after removing the temporary files already written.
 */
export function stageFiles(files: ReadonlyArray<readonly [string, FileData]>): StagedFiles {
  const temps = files.map(([file]) => temporaryName(file));
  const discard = () => temps.forEach((temp) => fs.rmSync(temp, { force: true }));
  try {
    files.forEach(([, data], i) => fs.writeFileSync(temps[i], data));
  } catch (err) {
    discard();
    throw err;
  }
  return { commit: () => files.forEach(([file], i) => fs.renameSync(temps[i], file)), discard };
}

/**
 * Writes several files: all of them to temporary names first, then renamed in the order
 * given (put the file that names the others last). When a write fails nothing is renamed.
 *
 * @throws the write's error; the destinations are unchanged.
 */
export function writeFilesAtomic(files: ReadonlyArray<readonly [string, FileData]>): void {
  stageFiles(files).commit();
}

/**
 * Writes one file atomically (temporary file in the same folder, then rename).
 *
 * @throws the write's error; the destination is unchanged.
 * @example
 * writeFileAtomic('out/notebooks/01-gru-basics.ipynb', text); // => the old file or the new one, never half
 */
export function writeFileAtomic(file: string, data: FileData): void {
  writeFilesAtomic([[file, data]]);
}

/**
 * Writes each `[path, data]` to a temporary file, runs `more` (another atomic write, such as
 * a chart's page), then renames them all; when `more` throws, the temporary files go and
 * nothing is renamed.
 *
 * @example
 * writeFilesAround([['out/a.csv', 'x\n']], () => writeFileAtomic('out/b.html', page)); // both written, or neither of a.csv
 */
export function writeFilesAround(files: ReadonlyArray<readonly [string, FileData]>, more: () => void): void {
  const staged = stageFiles(files);
  try {
    more();
  } catch (err) {
    staged.discard();
    throw err;
  }
  staged.commit();
}
