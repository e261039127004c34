/**
 * Output folders: made without Node's recursive `mkdir` (which spins forever on a path that
 * procfs or a dangling symbolic link answers with ENOENT, e.g. `/proc/x/y`), and checked for
 * writing before long work starts, so that a read-only or impossible output folder fails in
 * a second rather than after the work.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Creates `dir` and its missing parents, like `mkdir -p`, one level at a time.
 *
 * Hand-written because `fs.mkdirSync(dir, { recursive: true })` never returns where a
 * parent exists but cannot hold the child and answers ENOENT (procfs, a dangling symbolic
 * link): it makes the parent again (EEXIST, taken as success) and retries, forever.
 *
 * @returns the folders it made, outermost first (empty when `dir` existed).
 * @throws the first `mkdir` that fails, with its system error (`EACCES`, `ENOENT`, `ENOTDIR`, ...).
 * @example
 * makeFolder('out/models/run-1'); // => ['/home/me/grulab/out/models', '/home/me/grulab/out/models/run-1'] when only out/ existed
 */
export function makeFolder(dir: string): string[] {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !fs.existsSync(at); at = path.dirname(at)) {
    missing.push(at);
    if (path.dirname(at) === at) break;
  }
  const made: string[] = [];
  for (const folder of missing.reverse()) {
    try {
      fs.mkdirSync(folder);
      made.push(folder);
    } catch (err) {
      // made meanwhile by someone else: fine; anything else (a file, a dangling link): the error
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !isFolder(folder)) {
        removeEmptyFolders(made);
        throw err;
      }
    }
  }
  if (!isFolder(dir)) {
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR' });
  }
  return made;
}

/**
 * Removes `folders` (as {@link makeFolder} returned them), innermost first, each only when
 * it is empty: what a command that failed before writing its results does, so that it
 * leaves nothing behind.
 *
 * @example
 * removeEmptyFolders(makeFolder('out/a/b')); // => out/a/b and out/a gone again, if nothing was put in them
 */
export function removeEmptyFolders(folders: readonly string[]): void {
  for (const folder of [...folders].reverse()) {
    try {
      fs.rmdirSync(folder); // fails on a folder that is not empty: it is kept
    } catch {
      return; // a folder kept keeps its parents
    }
  }
}

/**
 * Creates `dir` when missing and writes then removes a small file in it: the way to know
 * that a later write will succeed (permission bits alone do not say it: root, ACLs,
 * read-only mounts).
 *
 * @param dir the folder the results go to.
 * @param what how to name the folder in the message, e.g. `--out`.
 * @returns the folders it made (see {@link makeFolder}), for {@link removeEmptyFolders} when the work fails.
 * @throws Error naming the folder and the system's reason (`EACCES`, `EROFS`, `ENOTDIR`, ...);
 *   the folders it made are removed again.
 * @example
 * checkWritableFolder('/proc/results', '--out');
 * // throws "--out /proc/results cannot be written: ENOENT: no such file or directory, mkdir '/proc/results'"
 */
export function checkWritableFolder(dir: string, what: string): string[] {
  const probe = path.join(dir, `.grulab-write-check.${process.pid}.tmp`);
  let made: string[] = [];
  try {
    made = makeFolder(dir);
    fs.writeFileSync(probe, '');
    return made;
  } catch (err) {
    removeEmptyFolders(made);
    throw new Error(`${what} ${dir} cannot be written: ${(err as Error).message}`);
  } finally {
    try {
      fs.rmSync(probe, { force: true });
    } catch {
      // nothing was written (the folder could not be made)
    }
  }
}

/**
 * The canonical path of `file`, also when it does not exist yet: its nearest existing
 * folder resolved through symbolic links, with the rest appended.
 *
 * @example
 * realPathOf('out/notebooks/not-yet'); // => '/home/me/grulab/out/notebooks/not-yet'
 */
export function realPathOf(file: string): string {
  const absolute = path.resolve(file);
  try {
    return fs.realpathSync(absolute);
  } catch {
    const parent = path.dirname(absolute);
    return parent === absolute ? absolute : path.join(realPathOf(parent), path.basename(absolute));
  }
}

/**
 * Runs `work` with `dir` made and known writable first (an error at once, not after minutes
 * of work, naming `what`); when `work` fails, the folders this made are removed again.
 *
 * @param dir the results' folder.
 * @param what how messages name it, e.g. `--out`.
 * @param work the run that writes into `dir`.
 * @throws Error when `dir` is a file or cannot be written; whatever `work` throws.
 * @example
 * await intoFolder('out/sales', '--out', () => forecastInto('out/sales')); // a failed run leaves no out/sales
 */
export async function intoFolder<T>(dir: string, what: string, work: () => Promise<T>): Promise<T> {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new Error(`${what} ${dir} is a file, expected a folder`);
  const made = checkWritableFolder(dir, what);
  try {
    return await work();
  } catch (err) {
    removeEmptyFolders(made);
    throw err;
  }
}
