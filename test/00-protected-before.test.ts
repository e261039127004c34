/**
 * First file of the suite (files run in name order, one at a time): records checksums of
 * notebooks/ and datasets/ so that test/zz-protected-after.test.ts can prove that nothing
 * in `npm test` (which runs every notebook through the runner) wrote them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { checksumProtected, snapshotFile } from './helpers/checksums';

test('checksums of notebooks/ and datasets/ are recorded before the suite', () => {
  const sums = checksumProtected();
  assert.ok(Object.keys(sums).some((file) => file.startsWith('datasets/')), 'datasets/ has files');
  fs.writeFileSync(snapshotFile(), JSON.stringify(sums));
});
