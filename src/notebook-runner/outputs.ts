/**
 * Turns a kernel's iopub messages into nbformat cell outputs, following nbclient's rules:
 * consecutive stream text of the same name is merged, `clear_output` (with `wait`) empties
 * the cell, and `update_display_data` rewrites every earlier output that carries the same
 * `display_id`, in any cell of the notebook.
 */
import type { JupyterMessage } from './protocol';
import type { CellOutput } from './notebook';

type DataOutput = Extract<CellOutput, { data: Record<string, unknown> }>;

/** Collects the outputs of one notebook run. */
export class OutputCollector {
  private readonly byDisplayId = new Map<string, DataOutput[]>();
  private outputs: CellOutput[] = [];
  private clearPending = false;

  /** Starts collecting a new cell's outputs and returns its (live) list. */
  startCell(): CellOutput[] {
    this.outputs = [];
    this.clearPending = false;
    return this.outputs;
  }

  private push(output: CellOutput): void {
    if (this.clearPending) {
      this.outputs.splice(0);
      this.clearPending = false;
    }
    const last = this.outputs[this.outputs.length - 1];
    if (output.output_type === 'stream' && last?.output_type === 'stream' && last.name === output.name) {
      last.text += output.text;
      return;
    }
    this.outputs.push(output);
  }

  /** Adds one iopub message; returns the output it produced, if any. */
  add(message: JupyterMessage): CellOutput | undefined {
    const content = message.content as Record<string, unknown>;
    const data = (content.data ?? {}) as Record<string, unknown>;
    const metadata = (content.metadata ?? {}) as Record<string, unknown>;
    const displayId = (content.transient as { display_id?: string } | undefined)?.display_id;
    switch (message.header.msg_type) {
      case 'stream': {
        const output: CellOutput = {
          output_type: 'stream',
          name: String(content.name),
          text: String(content.text),
        };
        this.push(output);
        return output;
      }
      case 'display_data':
      case 'execute_result': {
        const output: DataOutput =
          message.header.msg_type === 'display_data'
            ? { output_type: 'display_data', data, metadata }
            : {
                output_type: 'execute_result',
                data,
                metadata,
                execution_count: (content.execution_count as number | undefined) ?? null,
              };
        if (displayId !== undefined) {
          const list = this.byDisplayId.get(displayId) ?? [];
          list.push(output);
          this.byDisplayId.set(displayId, list);
        }
        this.push(output);
        return output;
      }
      case 'update_display_data': {
        for (const output of this.byDisplayId.get(displayId ?? '') ?? []) {
          output.data = data;
          output.metadata = metadata;
        }
        return undefined;
      }
      case 'error': {
        const output: CellOutput = {
          output_type: 'error',
          ename: String(content.ename),
          evalue: String(content.evalue),
          traceback: (content.traceback as string[] | undefined) ?? [],
        };
        this.push(output);
        return output;
      }
      case 'clear_output':
        if (content.wait === true) this.clearPending = true;
        else this.outputs.splice(0);
        return undefined;
      default:
        return undefined;
    }
  }
}
