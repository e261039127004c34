/**
 * Reading, checking, parameterising and writing Jupyter notebooks (nbformat 4.5).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../base/atomic-write';

/** One output of a code cell, as nbformat stores it. */
export type CellOutput =
  | { output_type: 'stream'; name: string; text: string }
  | { output_type: 'display_data'; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | {
      output_type: 'execute_result';
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
      execution_count: number | null;
    }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

/** A notebook cell. */
export interface Cell {
  id?: string;
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  metadata: { tags?: string[] } & Record<string, unknown>;
  outputs?: CellOutput[];
  execution_count?: number | null;
}

/** A notebook document. */
export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

/** A cell's source as one string. */
export function cellSource(cell: Cell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/**
 * Reads and checks a notebook file.
 *
 * @throws Error naming the file when it is missing, not JSON, or not nbformat 4.
 */
export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read notebook ${file}: ${(err as Error).message}`);
  }
  let notebook: Notebook;
  try {
    notebook = JSON.parse(text) as Notebook;
  } catch (err) {
    throw new Error(`${file} is not a notebook: its JSON does not parse (${(err as Error).message})`);
  }
  if (typeof notebook !== 'object' || notebook === null || notebook.nbformat !== 4) {
    const version = (notebook as { nbformat?: unknown } | null)?.nbformat;
    throw new Error(
      `${file} is nbformat ${String(version)}; the runner reads nbformat 4 (convert it with \`jupyter nbconvert --to notebook --nbformat 4\`)`,
    );
  }
  if (!Array.isArray(notebook.cells)) throw new Error(`${file} has no "cells" list`);
  return notebook;
}

/** A value given with `-p name=value`. */
export type ParameterValue = string | number | boolean;

/**
 * Parses `name=value`: numbers and booleans as such, JSON strings unquoted, anything else
 * as a string (papermill's `-p` convention).
 *
 * @throws Error when there is no `=` or the name is not an identifier.
 */
export function parseParameter(text: string): [string, ParameterValue] {
  const at = text.indexOf('=');
  const name = at < 0 ? '' : text.slice(0, at).trim();
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) {
    throw new Error(`-p expects name=value with an identifier as name, got '${text}'`);
  }
  const raw = text.slice(at + 1).trim();
  if (raw === 'true' || raw === 'false') return [name, raw === 'true'];
  if (raw !== '' && !Number.isNaN(Number(raw))) return [name, Number(raw)];
  if (raw.startsWith('"')) {
    try {
      return [name, JSON.parse(raw) as string];
    } catch {
      // not a JSON string: keep the text as it is
    }
  }
  return [name, raw];
}

/** The names a `parameters` cell declares (`const|let|var name`). */
export function declaredParameters(cell: Cell): string[] {
  const names: string[] = [];
  for (const match of cellSource(cell).matchAll(/^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)/gm)) {
    names.push(match[1]);
  }
  return names;
}

/**
 * Injects parameter overrides the way papermill does: a new code cell tagged
 * `injected-parameters` right after the cell tagged `parameters`, re-declaring each
 * overridden name (tslab lets a later cell re-declare a name).
 *
 * @throws Error naming an unknown parameter and listing those that exist, or when the
 *   notebook has no `parameters` cell.
 */
export function injectParameters(
  notebook: Notebook,
  parameters: Record<string, ParameterValue>,
  file: string,
): Notebook {
  const names = Object.keys(parameters);
  if (names.length === 0) return notebook;
  const at = notebook.cells.findIndex((cell) => cell.metadata?.tags?.includes('parameters'));
  if (at < 0) {
    throw new Error(`${file} has no cell tagged 'parameters', so -p ${names.join(', ')} cannot be applied`);
  }
  const declared = declaredParameters(notebook.cells[at]);
  for (const name of names) {
    if (!declared.includes(name)) {
      throw new Error(
        `${file}: unknown parameter '${name}'; its parameters cell declares: ${declared.join(', ') || '(none)'}`,
      );
    }
  }
  const source = [
    '// Parameters injected by the runner (-p)',
    ...names.map((name) => `const ${name} = ${JSON.stringify(parameters[name])};`),
  ].join('\n');
  const injected: Cell = {
    id: newCellId(),
    cell_type: 'code',
    source,
    metadata: { tags: ['injected-parameters'] },
    outputs: [],
    execution_count: null,
  };
  const cells = [...notebook.cells];
  cells.splice(at + 1, 0, injected);
  return { ...notebook, cells };
}

/** A fresh nbformat 4.5 cell id. */
export function newCellId(): string {
  return randomBytes(4).toString('hex');
}

/** Gives every cell an id (nbformat 4.5) and sets the minor version to at least 5. */
export function withCellIds(notebook: Notebook): Notebook {
  const seen = new Set<string>();
  const cells = notebook.cells.map((cell) => {
    let id = cell.id;
    if (id === undefined || !/^[a-zA-Z0-9-_]{1,64}$/.test(id) || seen.has(id)) id = newCellId();
    seen.add(id);
    return { ...cell, id };
  });
  return { ...notebook, nbformat_minor: Math.max(notebook.nbformat_minor ?? 0, 5), cells };
}

/**
 * Writes a notebook atomically: a temporary file in the same folder, then a rename, so a
 * reader sees either the old file or the new one, never a truncated one.
 */
export function writeNotebookAtomic(file: string, notebook: Notebook): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, JSON.stringify(notebook, null, 1) + '\n');
}
