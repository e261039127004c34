/** Where things are, for tests in any folder of `test/`: the project root and the fixtures. */
import * as path from 'node:path';

/** The project's root folder (the one holding package.json). */
export const projectRoot = path.resolve(__dirname, '..', '..');

/** A path inside `test/fixtures/`. */
export function fixturePath(...parts: string[]): string {
  return path.join(projectRoot, 'test', 'fixtures', ...parts);
}
