/**
 * The notebook display that charts, tables and the training progress write to, whichever
 * kernel runs the code: tslab's (Node.js) or Deno's (`deno jupyter`). Both kernels take the
 * same Jupyter display messages (a MIME bundle, and a `display_id` for outputs updated in
 * place); each back end only hands a message to its kernel.
 */
import { denoWriter } from './deno-display';
import { tslabFallbackDisplay, tslabWriter } from './tslab-display';
import type { DisplayWriter } from './display-message';

export type { DisplayMessage, DisplayWriter } from './display-message';

/**
 * The kernel's message writer for the cell being run: tslab's, else Deno's. Undefined
 * outside a notebook kernel (plain `node`, `deno run`).
 */
export function kernelWriter(): DisplayWriter | undefined {
  return tslabWriter() ?? denoWriter();
}

/**
 * True when this code runs inside a notebook kernel (a tslab or Deno notebook cell), where
 * `show` displays.
 *
 * @returns whether charts can be displayed here.
 * @example
 * grulab.inNotebook(); // => true in a tslab or Deno notebook cell, false under plain node or deno run
 */
export function inNotebook(): boolean {
  return kernelWriter() !== undefined || tslabFallbackDisplay() !== undefined;
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
 * @returns undefined outside a notebook kernel.
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
  const tslab = tslabFallbackDisplay();
  if (!tslab) return undefined;
  const target = updatable ? tslab.newDisplay() : tslab.display;
  return { send: (data) => target.html(String(data['text/html'] ?? '')) };
}
