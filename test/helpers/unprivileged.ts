/**
 * Running a command as a user without privileges, for tests of what happens when a file
 * cannot be written: root writes through any permission bits, so as root the command runs
 * as `nobody` through util-linux's `setpriv`; as any other user it runs as that user.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The unprivileged user's ids, as root switches to them. */
const NOBODY = { uid: 65534, gid: 65534 };

/** What to put before a command to run it unprivileged (empty: already unprivileged). */
export interface Unprivileged {
  commandPrefix: string[];
  /** Who the command runs as, for messages. */
  user: string;
}

/**
 * How to run commands unprivileged here, or why that is impossible (a skip reason; never
 * in CI, which runs as root with util-linux, so the test runs and fails loudly there).
 *
 * @param readable files the unprivileged user must be able to read (the CLI, node_modules).
 */
export function unprivileged(readable: string[]): Unprivileged | string {
  if (process.getuid?.() !== 0) return { commandPrefix: [], user: `uid ${process.getuid?.()}` };
  const commandPrefix = ['setpriv', `--reuid=${NOBODY.uid}`, `--regid=${NOBODY.gid}`, '--clear-groups', '--'];
  const probe = spawnSync(commandPrefix[0], [...commandPrefix.slice(1), process.execPath, '-e',
    `for (const f of ${JSON.stringify(readable)}) require('fs').accessSync(f, require('fs').constants.R_OK)`], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    const why = probe.error?.message ?? probe.stderr.trim().split('\n').slice(-1)[0];
    return `cannot run as nobody (uid ${NOBODY.uid}) with setpriv, or nobody cannot read the project: ${why}`;
  }
  return { commandPrefix, user: `nobody (uid ${NOBODY.uid})` };
}

/** A folder that root can write and the unprivileged user cannot: `parent/name`, mode 0555 (its parent opened to 0755). */
export function readOnlyFolder(parent: string, name = 'read-only'): string {
  fs.chmodSync(parent, 0o755);
  const dir = path.join(parent, name);
  fs.mkdirSync(dir);
  fs.chmodSync(dir, 0o555);
  return dir;
}
