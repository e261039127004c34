/**
 * The public entry stays small and documented: at most 50 runtime names, each with an
 * `@example` in its TSDoc, the README's "Public API" section naming every one of them,
 * nothing reachable that writes a shipped dataset, and `grulab/internals` resolving for a
 * CommonJS `require` the way tslab resolves it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import ts from 'typescript';
import * as grulab from '../src/index';
import * as internals from '../src/internals';
import { projectRoot } from './helpers/paths';

const root = projectRoot;
const MAX_PUBLIC_VALUES = 50;

/** The entry's value exports (functions, classes, constants) with their TSDoc tags, read by the compiler. */
function valueExports(entry: string): Map<string, string[]> {
  const file = path.join(root, entry);
  const program = ts.createProgram([file], { strict: true, esModuleInterop: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  const result = new Map<string, string[]>();
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (!(target.flags & ts.SymbolFlags.Value)) continue;
    if (symbol.declarations?.some((d) => ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly))) continue;
    result.set(symbol.name, target.getJsDocTags(checker).map((tag) => tag.name));
  }
  return result;
}

test('the public entry exports at most 50 runtime names, the same the compiler sees', () => {
  const names = Object.keys(grulab).sort();
  assert.ok(names.length <= MAX_PUBLIC_VALUES, `${names.length} runtime names: ${names.join(', ')}`);
  assert.deepEqual([...valueExports('src/index.ts').keys()].sort(), names);
});

test('every runtime name of the public entry has an @example in its TSDoc', () => {
  const missing = [...valueExports('src/index.ts')].filter(([, tags]) => !tags.includes('example')).map(([name]) => name);
  assert.deepEqual(missing, []);
});

test('the README lists every public name in its Public API section', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('## Public API');
  assert.ok(start >= 0, 'README.md has no "## Public API" section');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const unlisted = Object.keys(grulab).filter((name) => !section.includes(`\`${name}\``));
  assert.deepEqual(unlisted, []);
});

test('the public and internal entries share no name, and plumbing stays out of the public one', () => {
  const shared = Object.keys(internals).filter((name) => name in grulab);
  assert.deepEqual(shared, []);
  for (const name of ['writeDailyTemperatureCsv', 'setFusedGru', 'trainModel', 'Forecaster', 'gruSequence']) {
    assert.ok(!(name in grulab), `${name} is reachable from the public entry`);
  }
  assert.equal(typeof internals.writeDailyTemperatureCsv, 'function');
});

test("'grulab' and 'grulab/internals' resolve to dist/ at run time and for TypeScript's node10 resolution", () => {
  assert.equal(require.resolve('grulab'), path.join(root, 'dist', 'index.js'));
  assert.equal(require.resolve('grulab/internals'), path.join(root, 'dist', 'internals.js'));
  // tslab compiles cells with moduleResolution node10, which ignores "exports" and follows
  // package.json's "typesVersions" to the declarations.
  for (const name of ['grulab', 'grulab/internals']) {
    const resolved = ts.resolveModuleName(name, path.join(root, 'notebooks', 'cell.ts'), { moduleResolution: ts.ModuleResolutionKind.Node10 }, ts.sys);
    const expected = path.join(root, 'dist', name === 'grulab' ? 'index.d.ts' : 'internals.d.ts');
    assert.equal(resolved.resolvedModule && fs.realpathSync(resolved.resolvedModule.resolvedFileName), expected);
  }
});

test('using grulab without ready() prints no TensorFlow.js banner', () => {
  // A fresh process: tfjs falls back to its cpu backend, whose first tensor prints "Hi, looks
  // like you are running TensorFlow.js in Node.js" unless grulab's import turned it off.
  const banner = /looks like you are running TensorFlow\.js in Node\.js/;
  const use = `
    const tf = require('@tensorflow/tfjs');
    const model = tf.sequential({ layers: [grulab.gru({ units: 4, inputShape: [3, 1], seed: 1 }), grulab.dense({ units: 1, seed: 1 })] });
    const y = model.predict(tf.ones([2, 3, 1]));
    console.log(tf.getBackend(), JSON.stringify(y.shape));`;
  const run = (prelude: string) => spawnSync(process.execPath, ['-e', prelude + use], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  const quiet = run(`const grulab = require('grulab');`);
  assert.equal(quiet.status, 0, quiet.stderr);
  assert.equal(quiet.stdout.trim(), 'cpu [2,1]');
  assert.doesNotMatch(quiet.stdout + quiet.stderr, banner);
  // The check can fail: the same use with tfjs loaded, and its first tensor made, before grulab prints it.
  const loud = run(`require('@tensorflow/tfjs').scalar(0); const grulab = require('grulab');`);
  assert.equal(loud.status, 0, loud.stderr);
  assert.match(loud.stdout + loud.stderr, banner);
});
