/**
 * What a notebook run will do, decided before any kernel starts: which notebooks, each
 * one's `-p` values typed against its parameters cell, and an output folder that can be
 * written and is not the source folder. Every mistake found here stops the run before it
 * has done anything.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkWritableFolder, realPathOf } from '../base/folders';
import { readNotebook, type Notebook } from './notebook';
import { checkParameters, declaredParameters, PARAMETERS_TAG, type ParameterValue } from './parameters';

/**
 * Lists the notebooks to run, sorted by name, filtered by prefixes.
 *
 * @throws Error when a prefix matches no notebook (naming it and the notebooks there are).
 * @example
 * selectNotebooks('notebooks', ['04']); // => ['04-temperature-forecasting.ipynb']
 */
export function selectNotebooks(notebooksDir: string, prefixes: string[] = []): string[] {
  const all = fs
    .readdirSync(notebooksDir)
    .filter((name) => name.endsWith('.ipynb'))
    .sort();
  if (prefixes.length === 0) return all;
  for (const prefix of prefixes) {
    if (!all.some((name) => name.startsWith(prefix))) {
      throw new Error(`no notebook in ${notebooksDir} starts with '${prefix}'; there are: ${all.join(', ')}`);
    }
  }
  return all.filter((name) => prefixes.some((prefix) => name.startsWith(prefix)));
}

/**
 * Checks every `-p` value: its name must be declared by the parameters cell of at least one
 * selected notebook, and its value must fit the type each declaring notebook gives it.
 * Returns, per notebook, the typed values that apply to it.
 *
 * @param texts the `-p` values' texts by name.
 * @throws Error naming an unknown parameter and the parameters that exist, or a value that
 *   does not fit (the parameter, the value, the notebook and the declared type).
 */
export function planParameters(
  notebooksDir: string,
  names: string[],
  texts: Record<string, string>,
): Map<string, Record<string, ParameterValue>> {
  const plan = new Map<string, Record<string, ParameterValue>>();
  const known = new Set<string>();
  for (const name of names) {
    let notebook: Notebook;
    try {
      notebook = readNotebook(path.join(notebooksDir, name));
    } catch {
      continue; // an unreadable or invalid notebook is reported when its turn comes
    }
    const cell = notebook.cells.find((c) => c.metadata.tags?.includes(PARAMETERS_TAG));
    const declared = cell === undefined ? [] : declaredParameters(cell);
    declared.forEach((parameter) => known.add(parameter));
    const own = Object.fromEntries(Object.entries(texts).filter(([key]) => declared.includes(key)));
    plan.set(name, checkParameters(notebook, own, name));
  }
  for (const key of Object.keys(texts)) {
    if (!known.has(key)) {
      throw new Error(
        `unknown parameter '${key}': no selected notebook declares it; their parameters cells declare: ${[...known].sort().join(', ') || '(none)'}`,
      );
    }
  }
  return plan;
}

/**
 * Checks the output folder: not the source folder (the copies would overwrite the
 * notebooks), and writable (created when missing).
 *
 * @throws Error naming the folder and what is wrong with it.
 */
export function checkOutputFolder(notebooksDir: string, outDir: string): void {
  if (realPathOf(outDir) === realPathOf(notebooksDir)) {
    throw new Error(
      `--out ${outDir} is the folder of the source notebooks (--dir): the executed copies would overwrite them; choose another --out`,
    );
  }
  checkWritableFolder(outDir, '--out');
}
