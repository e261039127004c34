/**
 * Checksums of the files users own (notebooks/ and datasets/), so tests can prove that no
 * command wrote them.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from './paths';

/** The folders no grulab command may write. */
export const PROTECTED = ['notebooks', 'datasets'];

/**
 * SHA-256 of every file below the protected folders of `root`, by relative path.
 *
 * @param root the project root; default this project's, or `GRULAB_PROTECTED_ROOT` (the
 *   guard's own test points it at a copy).
 */
export function checksumProtected(root = process.env.GRULAB_PROTECTED_ROOT ?? projectRoot): Record<string, string> {
  const sums: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else sums[path.relative(root, full)] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  };
  for (const folder of PROTECTED) {
    const dir = path.join(root, folder);
    if (fs.existsSync(dir)) walk(dir);
  }
  return sums;
}
