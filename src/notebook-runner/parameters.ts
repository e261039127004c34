/**
 * Notebook parameters, papermill's convention: the cell tagged `parameters` declares the
 * tunable values (`const epochs = 200;`), `-p name=value` overrides them in a cell tagged
 * `injected-parameters` placed after it. Each value is checked against the type the
 * parameters cell declares, so a run never goes on with a value other than the one asked for.
 */
import * as ts from 'typescript';
import { randomBytes } from 'node:crypto';
import { cellSource, type Cell, type Notebook } from './notebook';

/** A parameter's value once checked against its declaration. */
export type ParameterValue = string | number | boolean;

/** The types a parameter can be set to with `-p`. */
export type ParameterType = 'number' | 'string' | 'boolean';

/** One top-level `const|let|var name = ...` of a parameters cell. */
export interface ParameterDeclaration {
  name: string;
  /** From the type annotation, else from the literal it is initialised with; undefined when neither says. */
  type?: ParameterType;
  /** The literal value it is initialised with, when it is a number, string or boolean literal. */
  value?: ParameterValue;
  /** The declaration's text, for messages (`epochs = 200`). */
  text: string;
}

/** The tag of the cell holding the declarations, and of the cell the runner injects. */
export const PARAMETERS_TAG = 'parameters';
export const INJECTED_TAG = 'injected-parameters';

function hasTag(cell: Cell, tag: string): boolean {
  return Array.isArray(cell.metadata?.tags) && cell.metadata.tags.includes(tag);
}

/** A literal's value: numbers (with a leading minus), strings, template strings without substitutions, true/false. */
function literalValue(node: ts.Expression | undefined): ParameterValue | undefined {
  if (node === undefined) return undefined;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return literalValue(node.expression);
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) {
    return -Number(node.operand.text);
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

function annotatedType(node: ts.TypeNode | undefined): ParameterType | undefined {
  switch (node?.kind) {
    case ts.SyntaxKind.NumberKeyword: return 'number';
    case ts.SyntaxKind.StringKeyword: return 'string';
    case ts.SyntaxKind.BooleanKeyword: return 'boolean';
    default: return undefined;
  }
}

/**
 * The top-level declarations of a parameters cell, parsed by the TypeScript compiler (a
 * regular expression would misread strings holding `;` or `//`, and declarations in blocks).
 *
 * @param source the cell's TypeScript source.
 * @example
 * parameterDeclarations('const epochs = 200; // training epochs\nlet name: string = "x";');
 * // => [{ name: 'epochs', type: 'number', value: 200, text: 'epochs = 200' },
 * //     { name: 'name', type: 'string', value: 'x', text: 'name: string = "x"' }]
 */
export function parameterDeclarations(source: string): ParameterDeclaration[] {
  const file = ts.createSourceFile('parameters.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const declarations: ParameterDeclaration[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name)) continue;
      const value = literalValue(declaration.initializer);
      const type = annotatedType(declaration.type) ?? (value === undefined ? undefined : (typeof value as ParameterType));
      declarations.push({ name: declaration.name.text, type, value, text: declaration.getText(file) });
    }
  }
  return declarations;
}

/** The names a `parameters` cell declares. */
export function declaredParameters(cell: Cell): string[] {
  return parameterDeclarations(cellSource(cell)).map((declaration) => declaration.name);
}

/**
 * Splits `-p name=value` into the name and the value's text; the value is typed later,
 * against the notebook's declaration ({@link checkParameters}).
 *
 * @throws Error when there is no `=` or the name is not an identifier.
 * @example
 * splitParameter('epochs=9'); // => ['epochs', '9']
 */
export function splitParameter(text: string): [string, string] {
  const at = text.indexOf('=');
  const name = at < 0 ? '' : text.slice(0, at).trim();
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) {
    throw new Error(`-p expects name=value with an identifier as name, got '${text}'`);
  }
  return [name, text.slice(at + 1).trim()];
}

/**
 * Converts a `-p` value's text to the type its declaration has: a finite number, `true` or
 * `false`, or a string (as given, or unquoted when written as a JSON string: `"a b"`).
 *
 * @param declaration the parameters cell's declaration of the name.
 * @param text the value's text as given after `=`.
 * @param file the notebook, for the message.
 * @throws Error naming the parameter, the value, the declared type and the declaration.
 * @example
 * checkParameter({ name: 'epochs', type: 'number', value: 200, text: 'epochs = 200' }, '1e999', '04.ipynb');
 * // throws "-p epochs=1e999: 04.ipynb declares epochs as a number (`const epochs = 200`); '1e999' is not a finite number"
 */
export function checkParameter(declaration: ParameterDeclaration, text: string, file: string): ParameterValue {
  const where = `-p ${declaration.name}=${text}: ${file} declares ${declaration.name}`;
  switch (declaration.type) {
    case 'number': {
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) {
        throw new Error(`${where} as a number (\`${declaration.text}\`); '${text}' is not a finite number`);
      }
      return value;
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false') {
        throw new Error(`${where} as a boolean (\`${declaration.text}\`); expected true or false, got '${text}'`);
      }
      return text === 'true';
    case 'string':
      if (text.startsWith('"')) {
        try {
          const value: unknown = JSON.parse(text);
          if (typeof value === 'string') return value;
        } catch {
          // not a JSON string: the text as it is
        }
      }
      return text;
    default:
      throw new Error(
        `${where} with \`${declaration.text}\`, which is not a number, string or boolean literal nor annotated as one; -p sets only those`,
      );
  }
}

/**
 * Checks `-p` values against a notebook's parameters cell and types them.
 *
 * @param notebook the notebook (its cell tagged `parameters` declares the names).
 * @param texts the values' texts by name (names the notebook does not declare are an error).
 * @param file the notebook's name, for messages.
 * @throws Error when the notebook has no parameters cell, a name is not declared there
 *   (listing those that are) or a value does not fit its declared type.
 */
export function checkParameters(notebook: Notebook, texts: Record<string, string>, file: string): Record<string, ParameterValue> {
  const names = Object.keys(texts);
  if (names.length === 0) return {};
  const cell = notebook.cells.find((c) => hasTag(c, PARAMETERS_TAG));
  if (cell === undefined) {
    throw new Error(`${file} has no cell tagged '${PARAMETERS_TAG}', so -p ${names.join(', ')} cannot be applied`);
  }
  const declarations = parameterDeclarations(cellSource(cell));
  return Object.fromEntries(
    names.map((name) => {
      const declaration = declarations.find((d) => d.name === name);
      if (declaration === undefined) {
        throw new Error(
          `${file}: unknown parameter '${name}'; its parameters cell declares: ${declarations.map((d) => d.name).join(', ') || '(none)'}`,
        );
      }
      return [name, checkParameter(declaration, texts[name], file)];
    }),
  );
}

/** What {@link injectParameters} returns. */
export interface Parameterised {
  notebook: Notebook;
  /** The values the notebook's injected cell sets: those given, else those of an injected cell kept from an earlier run. */
  parameters: Record<string, ParameterValue>;
  /** The values of an earlier run's injected cell that were replaced (absent when there was none). */
  replaced?: Record<string, ParameterValue>;
}

/** The values an injected cell sets (the literals of its declarations). */
function injectedValues(cell: Cell): Record<string, ParameterValue> {
  return Object.fromEntries(
    parameterDeclarations(cellSource(cell)).flatMap((d) => (d.value === undefined ? [] : [[d.name, d.value]])),
  );
}

/**
 * Injects parameter overrides the way papermill does: one code cell tagged
 * `injected-parameters` that re-declares each overridden name (tslab lets a later cell
 * re-declare a name). In a notebook that already has one (an executed copy run again) it
 * replaces that cell, and any further ones, so the values given are the ones that run last;
 * otherwise it goes right after the cell tagged `parameters`. Without overrides the notebook
 * is returned as it is, an earlier injected cell included.
 *
 * @param parameters typed values ({@link checkParameters}).
 * @throws Error when overrides are given and the notebook has no `parameters` cell.
 * @example
 * injectParameters(executedCopy, { epochs: 9 }, '04.ipynb').replaced; // => { epochs: 7 }
 */
export function injectParameters(notebook: Notebook, parameters: Record<string, ParameterValue>, file: string): Parameterised {
  const earlier = notebook.cells.filter((cell) => hasTag(cell, INJECTED_TAG));
  const kept = Object.assign({}, ...earlier.map(injectedValues)) as Record<string, ParameterValue>;
  const names = Object.keys(parameters);
  if (names.length === 0) return { notebook, parameters: kept };
  const at = notebook.cells.findIndex((cell) => hasTag(cell, PARAMETERS_TAG));
  if (at < 0) {
    throw new Error(`${file} has no cell tagged '${PARAMETERS_TAG}', so -p ${names.join(', ')} cannot be applied`);
  }
  const source = [
    '// Parameters injected by the runner (-p)',
    ...names.map((name) => `const ${name} = ${JSON.stringify(parameters[name])};`),
  ].join('\n');
  const injected: Cell = {
    id: randomBytes(4).toString('hex'),
    cell_type: 'code',
    source,
    metadata: { tags: [INJECTED_TAG] },
    outputs: [],
    execution_count: null,
  };
  // papermill's placement: where the first earlier injected cell was, else right after the parameters cell.
  const cells: Cell[] = [];
  notebook.cells.forEach((cell, i) => {
    if (hasTag(cell, INJECTED_TAG)) {
      if (cell === earlier[0]) cells.push(injected);
      return;
    }
    cells.push(cell);
    if (earlier.length === 0 && i === at) cells.push(injected);
  });
  return { notebook: { ...notebook, cells }, parameters, ...(earlier.length > 0 ? { replaced: kept } : {}) };
}
