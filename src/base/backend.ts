/**
 * Chooses the TensorFlow.js backend once per process.
 *
 * Order of preference: the native `tensorflow` backend (when `@tensorflow/tfjs-node`
 * is installed and its libtensorflow loads), else `wasm` (`@tensorflow/tfjs-backend-wasm`,
 * whose binary ships inside the npm package), else the pure-JavaScript `cpu` backend.
 * `GRULAB_BACKEND=cpu|wasm|tensorflow` forces one.
 *
 * Porting note: danfojs-node asks for `@tensorflow/tfjs-node`; package.json's `overrides`
 * points that name at `@tensorflow/tfjs`, so "the package loads" does not mean "native":
 * we check that loading it registered the `tensorflow` backend.
 */
import * as tf from '@tensorflow/tfjs';

/** The backends grulab can run on, fastest first. */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
/** One of {@link BACKEND_NAMES}. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What {@link ready} chose, and why the faster ones were passed over. */
export interface BackendInfo {
  /** The active backend. */
  name: BackendName;
  /** `true` when `GRULAB_BACKEND` forced it. */
  forced: boolean;
  /** For each faster backend that was not used, the reason. */
  skipped: Partial<Record<BackendName, string>>;
}

let chosen: Promise<BackendInfo> | undefined;
let quieted = false;

/**
 * Silences TensorFlow.js's "Hi, looks like you are running TensorFlow.js in Node.js"
 * banner (it goes through `backend_util.warn`, which `PROD` turns off). `PROD` only
 * drops warnings and debug checks; results are unchanged.
 */
function quietTf(): void {
  if (quieted) return;
  quieted = true;
  tf.env().set('PROD', true);
}

async function tryNative(): Promise<string | undefined> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
  } catch (err) {
    return `@tensorflow/tfjs-node did not load: ${firstLine(err)}`;
  }
  if (tf.findBackendFactory('tensorflow') === null) {
    return '@tensorflow/tfjs-node is not installed (the name resolves to the pure-JS @tensorflow/tfjs through package.json overrides)';
  }
  return (await tf.setBackend('tensorflow')) ? undefined : 'the tensorflow backend failed to initialise';
}

async function tryWasm(): Promise<string | undefined> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-backend-wasm');
  } catch (err) {
    return `@tensorflow/tfjs-backend-wasm did not load: ${firstLine(err)}`;
  }
  try {
    return (await tf.setBackend('wasm')) ? undefined : 'the wasm backend failed to initialise';
  } catch (err) {
    return `the wasm backend failed to initialise: ${firstLine(err)}`;
  }
}

async function tryCpu(): Promise<string | undefined> {
  return (await tf.setBackend('cpu')) ? undefined : 'the cpu backend failed to initialise';
}

const attempts: Record<BackendName, () => Promise<string | undefined>> = {
  tensorflow: tryNative,
  wasm: tryWasm,
  cpu: tryCpu,
};

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0];
}

async function choose(forcedName: string | undefined): Promise<BackendInfo> {
  quietTf();
  if (forcedName !== undefined && forcedName !== '') {
    if (!(BACKEND_NAMES as readonly string[]).includes(forcedName)) {
      throw new Error(
        `GRULAB_BACKEND must be one of ${BACKEND_NAMES.join(', ')}, got '${forcedName}'`,
      );
    }
    const name = forcedName as BackendName;
    const why = await attempts[name]();
    if (why !== undefined) {
      throw new Error(`GRULAB_BACKEND=${name} was requested but cannot be used: ${why}`);
    }
    return { name, forced: true, skipped: {} };
  }
  const skipped: Partial<Record<BackendName, string>> = {};
  for (const name of BACKEND_NAMES) {
    const why = await attempts[name]();
    if (why === undefined) return { name, forced: false, skipped };
    skipped[name] = why;
  }
  throw new Error(`no TensorFlow.js backend could be initialised: ${JSON.stringify(skipped)}`);
}

/**
 * Chooses and activates the TensorFlow.js backend, once per process; later calls return
 * the same answer. Call (and await) it before building models.
 *
 * @returns what was chosen and why faster backends were passed over.
 * @throws Error when `GRULAB_BACKEND` names an unknown backend or one that cannot load,
 *   naming it and the reason.
 * @example
 * const info = await ready();
 * info.name; // => 'wasm' on a machine without libtensorflow
 */
export function ready(): Promise<BackendInfo> {
  if (chosen === undefined) {
    chosen = choose(process.env.GRULAB_BACKEND);
    // A failed choice can be retried (for example after fixing GRULAB_BACKEND).
    chosen.catch(() => {
      chosen = undefined;
    });
  }
  return chosen;
}

/**
 * A one-line description of the active backend, as notebooks print it in their first
 * output.
 *
 * @example
 * describeBackend(await ready()); // => 'TensorFlow.js 4.22.0 backend: wasm (native tensorflow unavailable: ...)'
 */
export function describeBackend(info: BackendInfo): string {
  const how = info.forced ? ' (forced by GRULAB_BACKEND)' : '';
  const native = info.skipped.tensorflow;
  const note = native !== undefined ? `; native backend unavailable: ${native}` : '';
  return `TensorFlow.js ${tf.version.tfjs} backend: ${info.name}${how}${note}`;
}
