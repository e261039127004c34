/**
 * Atomic file writes: every file grulab writes (executed notebooks, saved models, charts,
 * forecasts, the kernelspec, the synthetic dataset) goes to a temporary file in the same
 * folder first and is renamed into place, so a reader or a crash sees the old file or the
 * new one, never half of one. Nothing is left behind: a failed write or rename removes its
 * temporary file, and one left by a killed process is removed by the next write of the
 * same file.
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

/** Where `file` is written before its rename: `.NAME.PID.tmp` beside it. */
function temporaryName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
}

/** Whether a process with this id runs (EPERM: it does, as another user). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files of earlier writes of `file` whose process has ended (killed
 * between writing and renaming, e.g. by SIGKILL or the OOM killer): only names of this
 * module's own form, `.NAME.PID.tmp` for this `file`'s NAME, and never a running process's.
 */
function sweepStaleTemporaries(file: string): void {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return; // the folder does not exist yet, or cannot be listed: the write will say why
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = name.slice(prefix.length, -'.tmp'.length);
    if (!/^[1-9]\d*$/.test(pid) || Number(pid) === process.pid || processRuns(Number(pid))) continue;
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

/**
 * Writes `files` to temporary names beside their destinations, without touching the
 * destinations yet: the first step of a write that must happen together with other work
 * (commit after it succeeds, discard if it fails). Temporary files that earlier writes of
 * the same destinations left behind (their process killed before the rename) are removed
 * first; a rename that fails in `commit` removes the temporary files not yet renamed.
 *
 * @throws the write's error, after removing the temporary files already written.
 */
export function stageFiles(files: ReadonlyArray<readonly [string, FileData]>): StagedFiles {
  files.forEach(([file]) => sweepStaleTemporaries(file));
  const temps = files.map(([file]) => temporaryName(file));
  const discard = () => temps.forEach((temp) => fs.rmSync(temp, { force: true }));
  try {
    files.forEach(([, data], i) => fs.writeFileSync(temps[i], data));
  } catch (err) {
    discard();
    throw err;
  }
  const commit = () => {
    for (const [i, [file]] of files.entries()) {
      try {
        fs.renameSync(temps[i], file);
      } catch (err) {
        // the files not renamed yet stay as they were; their temporary copies go
        temps.slice(i).forEach((temp) => fs.rmSync(temp, { force: true }));
        throw err;
      }
    }
  };
  return { commit, discard };
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
