/**
 * Last file of the suite: notebooks/ and datasets/ are byte for byte what they were before
 * the suite ran every notebook through the runner (see 00-protected-before.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { checksumProtected, snapshotFile } from './helpers/checksums';

const file = snapshotFile();
const skip = fs.existsSync(file) ? false : 'run as part of the whole suite (npm test), after 00-protected-before';

test('no test and no notebook run wrote notebooks/ or datasets/', { skip }, () => {
  const before = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  assert.deepEqual(checksumProtected(), before);
  fs.rmSync(file);
});
