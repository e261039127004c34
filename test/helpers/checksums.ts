/**
 * Checksums of the files users own (notebooks/ and datasets/), so tests can prove that no
 * command wrote them.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from './notebooks';

/** The folders no grulab command may write. */
export const PROTECTED = ['notebooks', 'datasets'];

/** SHA-256 of every file below the protected folders, by relative path. */
export function checksumProtected(): Record<string, string> {
  const sums: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else sums[path.relative(projectRoot, full)] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  };
  for (const folder of PROTECTED) {
    const dir = path.join(projectRoot, folder);
    if (fs.existsSync(dir)) walk(dir);
  }
  return sums;
}

/** Where the first test file of a `npm test` run leaves the checksums for the last one. */
export function snapshotFile(): string {
  // The test files of one run share the parent process (node --test), so its pid names the run.
  return path.join(os.tmpdir(), `grulab-protected-${process.ppid}.json`);
}
