/**
 * Talking to the tslab kernel: is this code running in one, and how to send a display
 * message with several MIME types (tslab's public `display.raw` sends one).
 */
import type { DisplayWriter } from './display-message';

interface TslabJupyterModule {
  lastWriteDisplayData?: DisplayWriter | null;
}

interface TslabDisplay {
  html(s: string): void;
}

/** tslab's public display API, used when its message writer cannot be found. */
export interface TslabPublic {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

const JUPYTER_JS = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

let found: TslabJupyterModule | undefined;

/**
 * tslab's kernel module if this process is a tslab kernel (it is loaded by then). Found
 * once by a scan of the module cache, then kept: every display update asks for it.
 */
function tslabJupyter(): TslabJupyterModule | undefined {
  if (found !== undefined) return found;
  // Deno's kernel runs npm packages with a `require` but no tslab in its cache.
  if (typeof require === 'undefined' || require.cache === undefined) return undefined;
  for (const [file, mod] of Object.entries(require.cache)) {
    if (JUPYTER_JS.test(file) && mod) return (found = mod.exports as TslabJupyterModule);
  }
  return undefined;
}

/**
 * tslab's message writer for the cell being run: the function its kernel hands each
 * execute request to publish display data on IOPub (`jupyter.lastWriteDisplayData`,
 * tslab 1.0.x internals). Undefined outside a tslab kernel or before the first cell.
 */
export function tslabWriter(): DisplayWriter | undefined {
  const w = tslabJupyter()?.lastWriteDisplayData;
  return typeof w === 'function' ? w : undefined;
}

/**
 * When a future tslab hides its writer but is loaded as a kernel, its public display API:
 * HTML only (no Plotly MIME bundle), still enough for Notebook, Lab and nbconvert.
 */
export function tslabFallbackDisplay(): TslabPublic | undefined {
  const jupyter = tslabJupyter();
  if (!jupyter || 'lastWriteDisplayData' in jupyter) return undefined;
  try {
    // Loaded only inside a kernel: a static import would load tslab in every process.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('tslab') as TslabPublic;
  } catch {
    return undefined;
  }
}
