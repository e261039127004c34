/**
 * Reading, checking, parameterising and writing Jupyter notebooks (nbformat 4.5).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../base/atomic-write';
import { makeFolder } from '../base/folders';

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
 * @throws Error naming the file when it is missing, not JSON, or not nbformat 4, or a
 *   cell lacks what nbformat 4 requires (naming the cell and the field).
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
  notebook.cells.forEach((cell, i) => checkCell(cell, i + 1, file));
  if (typeof notebook.metadata !== 'object' || notebook.metadata === null || Array.isArray(notebook.metadata)) {
    throw new Error(`${file} is not a valid notebook: its "metadata" is not an object (nbformat 4 requires one)`);
  }
  return notebook;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks the fields of a cell that the runner reads or writes, as nbformat 4's schema
 * requires them (hand-written rather than a JSON-schema validator over nbformat's schema:
 * five fields, and messages that name the cell and the field).
 *
 * @throws Error naming the file, the 1-based cell number and the field.
 */
function checkCell(cell: unknown, number: number, file: string): void {
  const bad = (what: string) => new Error(`${file} is not a valid notebook: cell ${number} ${what} (nbformat 4 requires it)`);
  if (!isObject(cell)) throw bad('is not an object');
  if (cell.cell_type !== 'code' && cell.cell_type !== 'markdown' && cell.cell_type !== 'raw') {
    throw bad(`has cell_type ${JSON.stringify(cell.cell_type)}, not "code", "markdown" or "raw"`);
  }
  const source = cell.source;
  if (typeof source !== 'string' && !(Array.isArray(source) && source.every((line) => typeof line === 'string'))) {
    throw bad('has no "source" text (a string or a list of strings)');
  }
  if (!isObject(cell.metadata)) throw bad('has no "metadata" object');
  const tags = cell.metadata.tags;
  if (tags !== undefined && !(Array.isArray(tags) && tags.every((tag) => typeof tag === 'string'))) {
    throw bad('has "metadata.tags" that is not a list of strings');
  }
  if (cell.cell_type === 'code' && cell.outputs !== undefined && !Array.isArray(cell.outputs)) {
    throw bad('has "outputs" that is not a list');
  }
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
  makeFolder(path.dirname(file));
  writeFileAtomic(file, JSON.stringify(notebook, null, 1) + '\n');
}
