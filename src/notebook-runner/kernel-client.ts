/**
 * A client for one real tslab kernel process, spoken to over the Jupyter messaging
 * protocol on zeromq sockets (the transport tslab itself uses), with no Python involved.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zmq from 'zeromq';
import { kernelSpec, type KernelSpec } from './kernelspec';
import { decodeMessage, encodeMessage, newMessage, type JupyterMessage } from './protocol';

/** How to start a kernel. */
export interface KernelOptions {
  /** Working directory of the kernel (Jupyter runs a notebook's kernel in its folder). */
  cwd: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** How long the kernel may take to answer its first request; default 60 s. */
  startTimeoutMs?: number;
  /** The kernel to start; default this project's tslab ({@link kernelSpec}). */
  spec?: KernelSpec;
}

/** How one `execute` ended. */
export type ExecuteStatus = 'ok' | 'error' | 'abort' | 'timeout' | 'interrupted' | 'died';

/** The reply to one `execute`; outputs arrive through `onMessage`. */
export interface ExecuteReply {
  status: ExecuteStatus;
  executionCount: number | null;
}

/** Options of {@link Kernel.execute}. */
export interface ExecuteOptions {
  /** Interrupt the cell after this many milliseconds (then kill the kernel if it does not stop); `Infinity`, or more than {@link MAX_TIMER_MS}: no limit. */
  timeoutMs: number;
  /** Called with every iopub message that the request caused, in order. */
  onMessage: (message: JupyterMessage) => void;
  /** Aborting it interrupts the cell. */
  signal?: AbortSignal;
}

/**
 * The longest delay `setTimeout` honours (2^31 - 1 ms, about 24.8 days): Node fires a
 * longer one after 1 ms, so a longer limit is no limit.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Resolves with `promise`'s value, or 'timeout' after `ms` milliseconds (never past {@link MAX_TIMER_MS}, or for `Infinity`). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  if (!(ms <= MAX_TIMER_MS)) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

interface Pending {
  onMessage: (message: JupyterMessage) => void;
  reply?: JupyterMessage;
  idle: boolean;
  done: () => void;
  /** Ends the wait with 'died' (the kernel exited). */
  died: () => void;
}

/** A running tslab kernel. Start one with {@link Kernel.start}. */
export class Kernel {
  private readonly session = randomUUID();
  private readonly pending = new Map<string, Pending>();
  private exited = false;
  private readonly exitListeners: Array<() => void> = [];
  /** Everything the kernel process itself printed (outside cells): useful when it dies. */
  log = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly key: string,
    private readonly shell: zmq.Dealer,
    private readonly control: zmq.Dealer,
    private readonly iopub: zmq.Subscriber,
    private readonly connectionFile: string,
    private readonly name: string,
  ) {
    child.on('exit', () => {
      this.exited = true;
      for (const pending of [...this.pending.values()]) pending.died();
      for (const listener of this.exitListeners.splice(0)) listener();
    });
    void this.pump(this.shell, (message) => this.onShell(message));
    void this.pump(this.control, () => undefined);
    void this.pump(this.iopub, (message) => this.onIopub(message));
  }

  /**
   * Starts a kernel (by default tslab from the project's own node_modules) and waits until it answers.
   *
   * @throws Error when the kernel exits or stays silent during start-up, with its log.
   */
  static async start(options: KernelOptions): Promise<Kernel> {
    const spec = options.spec ?? kernelSpec();
    const key = randomBytes(16).toString('hex');
    const [shellPort, iopubPort, stdinPort, controlPort, hbPort] = await Promise.all(
      Array.from({ length: 5 }, freePort),
    );
    const connection = {
      transport: 'tcp',
      ip: '127.0.0.1',
      shell_port: shellPort,
      iopub_port: iopubPort,
      stdin_port: stdinPort,
      control_port: controlPort,
      hb_port: hbPort,
      key,
      signature_scheme: 'hmac-sha256',
      kernel_name: spec.name,
    };
    const connectionFile = path.join(os.tmpdir(), `grulab-kernel-${randomUUID()}.json`);
    fs.writeFileSync(connectionFile, JSON.stringify(connection), { mode: 0o600 });
    const [command, ...args] = spec.argv.map((arg) => (arg === '{connection_file}' ? connectionFile : arg));
    // A kernel run by this Node.js gets the watchdog (it exits when the runner is gone);
    // another kernel (Deno's) is ended by shutdown() and kill().
    const watchdog = command === process.execPath ? ['--require', path.join(__dirname, 'watchdog.js')] : [];
    const child = spawn(command, [...watchdog, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, GRULAB_CONNECTION_FILE: connectionFile },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const url = (port: number) => `tcp://127.0.0.1:${port}`;
    const shell = new zmq.Dealer({ linger: 0 });
    const control = new zmq.Dealer({ linger: 0 });
    const iopub = new zmq.Subscriber({ linger: 0 });
    shell.connect(url(shellPort));
    control.connect(url(controlPort));
    iopub.connect(url(iopubPort));
    iopub.subscribe();
    const kernel = new Kernel(child, key, shell, control, iopub, connectionFile, spec.name);
    child.stdout?.on('data', (chunk: Buffer) => (kernel.log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (kernel.log += chunk.toString()));
    await kernel.waitUntilReady(options.startTimeoutMs ?? 60_000);
    return kernel;
  }

  /** Whether the kernel process is still running. */
  get alive(): boolean {
    return !this.exited;
  }

  /** The kernel's process id. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  private async pump(socket: zmq.Dealer | zmq.Subscriber, handle: (m: JupyterMessage) => void) {
    try {
      for await (const frames of socket) {
        try {
          handle(decodeMessage(this.key, frames as Buffer[]));
        } catch {
          // A malformed or foreign message is ignored, as Jupyter clients do.
        }
      }
    } catch {
      // The socket was closed.
    }
  }

  private onShell(message: JupyterMessage): void {
    const pending = this.pending.get(message.parent_header.msg_id ?? '');
    if (pending === undefined) return;
    pending.reply = message;
    if (pending.idle) pending.done();
  }

  private onIopub(message: JupyterMessage): void {
    const pending = this.pending.get(message.parent_header.msg_id ?? '');
    if (pending === undefined) return;
    if (message.header.msg_type === 'status') {
      if (message.content.execution_state === 'idle') {
        pending.idle = true;
        if (pending.reply !== undefined) pending.done();
      }
      return;
    }
    pending.onMessage(message);
  }

  /**
   * Sends a request. `reply` resolves when both its reply and the kernel's "idle" status
   * have arrived (the protocol's guarantee that all its outputs were sent), or with 'died'
   * when the kernel exits first; `cancel` stops waiting.
   */
  private request(
    msgType: string,
    content: Record<string, unknown>,
    onMessage: (message: JupyterMessage) => void,
  ): { reply: Promise<JupyterMessage | 'died'>; cancel: () => void } {
    const message = newMessage(msgType, this.session, content);
    let cancel = () => undefined as void;
    const reply = new Promise<JupyterMessage | 'died'>((resolve) => {
      const finish = (result: JupyterMessage | 'died') => {
        this.pending.delete(message.header.msg_id);
        resolve(result);
      };
      cancel = () => finish('died');
      const pending: Pending = {
        onMessage,
        idle: false,
        done: () => finish(pending.reply as JupyterMessage),
        died: () => finish('died'),
      };
      this.pending.set(message.header.msg_id, pending);
      if (this.exited) return finish('died');
      this.shell.send(encodeMessage(this.key, message)).catch(() => finish('died'));
    });
    return { reply, cancel };
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    // The iopub subscription takes a moment to reach the kernel (zeromq's slow joiner), so
    // ask for kernel_info until one request's status messages come back, as jupyter_client does.
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !this.exited) {
      const { reply, cancel } = this.request('kernel_info_request', {}, () => undefined);
      const answer = await within(reply, 2_000);
      cancel();
      if (answer !== 'timeout' && answer !== 'died') return;
    }
    const why = this.exited ? 'exited during start-up' : `did not answer within ${timeoutMs} ms`;
    await this.shutdown();
    throw new Error(`the ${this.name} kernel ${why}${this.log ? `; it printed:\n${this.log}` : ''}`);
  }

  /**
   * Runs `code` as one cell. When the time limit passes or `signal` aborts, the cell is
   * interrupted (SIGINT, which tslab turns into a rejection of the running cell); a cell
   * that does not stop within 5 s (a busy loop cannot be interrupted in JavaScript) has its
   * kernel killed.
   */
  async execute(code: string, options: ExecuteOptions): Promise<ExecuteReply> {
    const content = {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    };
    const { reply } = this.request('execute_request', content, options.onMessage);
    let onAbort = () => undefined as void;
    const aborted = new Promise<'interrupted'>((resolve) => {
      onAbort = () => resolve('interrupted');
      if (options.signal?.aborted) resolve('interrupted');
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
    const answer = await Promise.race([within(reply, options.timeoutMs), aborted]);
    options.signal?.removeEventListener('abort', onAbort);
    if (answer === 'died') return { status: 'died', executionCount: null };
    if (answer === 'timeout' || answer === 'interrupted') {
      this.interrupt();
      const late = await within(reply, 5_000);
      if (late === 'timeout') {
        this.kill();
        await reply;
      }
      const count = typeof late === 'object' ? late.content.execution_count : null;
      return { status: answer, executionCount: typeof count === 'number' ? count : null };
    }
    const status = String(answer.content.status) as ExecuteStatus;
    const count = answer.content.execution_count;
    return { status, executionCount: typeof count === 'number' ? count : null };
  }

  /** Interrupts the running cell, as Jupyter's "interrupt" button does (SIGINT). */
  interrupt(): void {
    if (!this.exited) this.child.kill('SIGINT');
  }

  /** Ends the kernel process at once (SIGKILL). */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** Asks the kernel to shut down, then makes sure its process is gone and sockets closed. */
  async shutdown(): Promise<void> {
    if (!this.exited) {
      const bye = newMessage('shutdown_request', this.session, { restart: false });
      await this.control.send(encodeMessage(this.key, bye)).catch(() => undefined);
      const gone = new Promise<void>((resolve) => {
        if (this.exited) resolve();
        this.exitListeners.push(resolve);
      });
      // tslab closes its sockets on shutdown but its process may linger: end it.
      const timer = setTimeout(() => this.child.kill('SIGTERM'), 1_000);
      const hard = setTimeout(() => this.kill(), 4_000);
      this.child.stdin?.end();
      await gone;
      clearTimeout(timer);
      clearTimeout(hard);
    }
    for (const socket of [this.shell, this.control, this.iopub]) socket.close();
    fs.rmSync(this.connectionFile, { force: true });
  }
}
