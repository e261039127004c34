/**
 * Preloaded (`node --require`) into every kernel the runner starts, so that a runner that
 * dies without shutting its kernel down (SIGKILL, the OOM killer, `timeout -s KILL`) leaves
 * no orphan kernel behind, nor its connection file (which holds the signing key).
 *
 * Two watches: the kernel exits when the runner's end of its stdin pipe closes (at once,
 * when the kernel's event loop is free), and a worker thread, which runs beside a cell
 * that blocks the event loop (`while (true) {}`) and so cannot see the pipe close, checks
 * every {@link POLL_MS} ms that the kernel's parent is still the runner that started it;
 * when it is not, it removes the connection file and kills the kernel process.
 */
import * as fs from 'node:fs';
import { isMainThread, Worker } from 'node:worker_threads';

/** How often the worker looks at the kernel's parent process. */
const POLL_MS = 250;

function runnerGone(): void {
  const connectionFile = process.env.GRULAB_CONNECTION_FILE;
  if (connectionFile) fs.rmSync(connectionFile, { force: true });
  process.exit(0);
}

/** The worker's code: a parent other than the one at start (re-parented to init or a subreaper) means the runner died. */
function watchParent(runnerPid: number, connectionFile: string, pollMs: number): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodeFs = require('node:fs') as typeof fs;
  setInterval(() => {
    if (process.ppid === runnerPid) return;
    if (connectionFile) nodeFs.rmSync(connectionFile, { force: true });
    // SIGKILL: the blocked main thread could not run a handler of a gentler signal
    process.kill(process.pid, 'SIGKILL');
  }, pollMs);
}

if (isMainThread) {
  process.stdin.on('end', runnerGone);
  process.stdin.on('error', runnerGone);
  process.stdin.resume();
  const code = `(${watchParent.toString()})(${process.ppid}, ${JSON.stringify(process.env.GRULAB_CONNECTION_FILE ?? '')}, ${POLL_MS});`;
  // unref: the watch never keeps the kernel alive by itself
  new Worker(code, { eval: true, stdout: false, stderr: false }).unref();
}
