/**
 * The PyTorch side of the global-model row: `torch_global_bench.py` kept running in a
 * process of its own, asked for one epoch at a time over stdin (one JSON line back per
 * epoch), so that its epochs can be timed in alternation with grulab's.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'child_process';
import * as path from 'path';
import { createInterface } from 'readline';

/** Debian's Python, where python3-torch is installed (`python3` on PATH may be another one). */
export const TORCH_PYTHON = '/usr/bin/python3';

/** Why PyTorch cannot run here, or `undefined` when `import torch` works. */
export function torchMissing(): string | undefined {
  const probe = spawnSync(TORCH_PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : `PyTorch not available (${TORCH_PYTHON} -c "import torch" failed)`;
}

/** What the script says once it has built its model. */
export interface TorchHello {
  torch: string;
  threads: number;
  parameters: number;
}

/** One epoch as the script timed it: its own wall and process CPU milliseconds, and the mean batch loss. */
export interface TorchEpoch {
  wallMs: number;
  cpuMs: number;
  loss: number;
}

/** The script's arguments: the windows file and the network's and training's settings. */
export interface TorchEpochsArgs {
  windowsFile: string;
  count: number;
  steps: number;
  patch: number;
  horizon: number;
  units: readonly number[];
  highway: boolean;
  batch: number;
  learningRate: number;
}

/** A running `torch_global_bench.py`: {@link TorchEpochs.start}, then `epoch()` as often as needed, then `close()`. */
export class TorchEpochs {
  private readonly waiting: Array<{ resolve: (line: string) => void; reject: (err: Error) => void }> = [];
  private stderr = '';
  private exited: string | undefined;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.on('data', (chunk: Buffer) => { this.stderr += chunk.toString(); });
    createInterface({ input: child.stdout }).on('line', (line) => this.waiting.shift()?.resolve(line));
    child.on('exit', (code) => {
      this.exited = `torch_global_bench.py exited (code ${code}): ${this.stderr.trim().split('\n').pop() ?? ''}`;
      for (const w of this.waiting.splice(0)) w.reject(new Error(this.exited));
    });
  }

  /** Starts the script (1 thread) and waits for its model. */
  static async start(args: TorchEpochsArgs): Promise<{ torch: TorchEpochs; hello: TorchHello }> {
    const child = spawn(TORCH_PYTHON, [
      path.join(__dirname, 'torch_global_bench.py'), '--windows-file', args.windowsFile, '--count', String(args.count),
      '--steps', String(args.steps), '--patch', String(args.patch), '--horizon', String(args.horizon), '--units', args.units.join(','),
      '--highway', args.highway ? '1' : '0', '--batch', String(args.batch), '--lr', String(args.learningRate),
    ], { env: { ...process.env, OMP_NUM_THREADS: '1' } });
    const torch = new TorchEpochs(child);
    const hello = JSON.parse(await torch.next()) as TorchHello;
    return { torch, hello };
  }

  private next(): Promise<string> {
    if (this.exited !== undefined) return Promise.reject(new Error(this.exited));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Trains one epoch in the script. */
  async epoch(): Promise<TorchEpoch> {
    const answer = this.next();
    this.child.stdin.write('epoch\n');
    return JSON.parse(await answer) as TorchEpoch;
  }

  /** Ends the script. */
  close(): void {
    if (this.exited === undefined) this.child.stdin.end('quit\n');
  }
}
