/**
 * Preloaded (`node --require`) into every kernel the runner starts: the kernel exits when
 * the runner's end of its stdin pipe closes, so a runner killed with SIGKILL leaves no
 * orphan kernel behind, nor its connection file (which holds the signing key).
 */
import * as fs from 'node:fs';

function runnerGone(): void {
  const connectionFile = process.env.GRULAB_CONNECTION_FILE;
  if (connectionFile) fs.rmSync(connectionFile, { force: true });
  process.exit(0);
}
process.stdin.on('end', runnerGone);
process.stdin.on('error', runnerGone);
process.stdin.resume();
