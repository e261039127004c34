/**
 * Talking to Deno's Jupyter kernel (`deno jupyter`): `Deno.jupyter.broadcast` publishes a
 * message on IOPub for the cell being run, the same `display_data` and
 * `update_display_data` messages tslab's writer sends, so every output grulab makes
 * (charts, tables, the live progress) goes out unchanged.
 */
import type { DisplayWriter } from './display-message';

/** The part of Deno's `Deno.jupyter` namespace used here (Deno 1.37+, 2.x). */
interface DenoJupyter {
  broadcast(msgType: string, content: Record<string, unknown>): Promise<void> | void;
}

/**
 * `Deno.jupyter` when this code runs in Deno's kernel. Elsewhere under Deno the getter
 * throws ("only available in `deno jupyter`"), and under Node.js there is no `Deno`.
 */
function denoJupyter(): DenoJupyter | undefined {
  const deno = (globalThis as { Deno?: { jupyter?: unknown } }).Deno;
  if (deno === undefined) return undefined;
  try {
    const jupyter = deno.jupyter as Partial<DenoJupyter> | undefined;
    return typeof jupyter?.broadcast === 'function' ? (jupyter as DenoJupyter) : undefined;
  } catch {
    return undefined;
  }
}

/** Deno's kernel as a display writer, or undefined outside `deno jupyter`. */
export function denoWriter(): DisplayWriter | undefined {
  const jupyter = denoJupyter();
  if (jupyter === undefined) return undefined;
  return (message, update) => {
    const sent = jupyter.broadcast(update ? 'update_display_data' : 'display_data', { ...message });
    // Deno 1.x returned a promise; a failed send is the kernel's to report, never the cell's.
    if (sent instanceof Promise) sent.catch(() => undefined);
  };
}
