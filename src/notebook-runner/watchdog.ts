/**
 * Preloaded (`node --require`) into every kernel the runner starts: the kernel exits when
 * the runner's end of its stdin pipe closes, so a runner killed with SIGKILL leaves no
 * orphan kernel behind.
 */
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
