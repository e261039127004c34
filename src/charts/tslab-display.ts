/**
 * Talking to the tslab kernel: is this code running in a notebook, and how to send a
 * display message with several MIME types (tslab's public `display.raw` sends one).
 */

/** The content of a Jupyter `display_data` / `update_display_data` message. */
export interface DisplayMessage {
  /** Output by MIME type, e.g. `text/html`, `text/plain`, `application/vnd.plotly.v1+json`. */
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  /** `display_id` ties later updates to this output. */
  transient?: { display_id?: string };
}

/** Sends a display message; `update` sends `update_display_data` for `transient.display_id`. */
export type DisplayWriter = (message: DisplayMessage, update: boolean) => void;

interface TslabJupyterModule {
  lastWriteDisplayData?: DisplayWriter | null;
}

interface TslabDisplay {
  html(s: string): void;
}
interface TslabPublic {
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
export function kernelWriter(): DisplayWriter | undefined {
  const w = tslabJupyter()?.lastWriteDisplayData;
  return typeof w === 'function' ? w : undefined;
}

/**
 * True when this code runs inside a tslab kernel (a notebook cell), where `show` displays.
 *
 * @returns whether charts can be displayed here.
 * @example
 * grulab.inNotebook(); // => true in a tslab notebook cell, false under plain node
 */
export function inNotebook(): boolean {
  return kernelWriter() !== undefined || fallbackDisplay() !== undefined;
}

/**
 * When a future tslab hides its writer but is loaded as a kernel, its public display API:
 * HTML only (no Plotly MIME bundle), still enough for Notebook, Lab and nbconvert.
 */
function fallbackDisplay(): TslabPublic | undefined {
  const jupyter = tslabJupyter();
  if (!jupyter || 'lastWriteDisplayData' in jupyter) return undefined;
  try {
    return require('tslab') as TslabPublic;
  } catch {
    return undefined;
  }
}

/** A display output, optionally updatable in place. */
export interface KernelDisplay {
  /** Shows (first call) or replaces (later calls, when `id` was given) the output. */
  send(data: Record<string, unknown>): void;
}

/**
 * A display output in the current notebook cell. With `updatable`, every `send` after the
 * first updates the same output in place (`update_display_data`).
 *
 * @returns undefined outside a tslab kernel.
 */
export function openDisplay(updatable: boolean, displayId: string): KernelDisplay | undefined {
  let sent = false;
  if (kernelWriter()) {
    return {
      send(data) {
        // Look the writer up on every send: tslab binds it to the cell being executed.
        const write = kernelWriter();
        if (!write) return;
        const transient = updatable ? { display_id: displayId } : {};
        write({ data, metadata: {}, transient }, updatable && sent);
        sent = true;
      },
    };
  }
  const tslab = fallbackDisplay();
  if (!tslab) return undefined;
  const target = updatable ? tslab.newDisplay() : tslab.display;
  return { send: (data) => target.html(String(data['text/html'] ?? '')) };
}
