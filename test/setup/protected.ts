/**
 * Loaded into every test file's process by `npm test` (`--import`): records checksums of
 * notebooks/ and datasets/ when the file starts and, after its last test, fails the file if
 * they changed, so no test and no notebook run (the runner executes every notebook) can
 * write the files users own. Each file checks its own run, in any order and beside any
 * other file; a write during a file's run is caught by that file (and by any file running
 * beside it).
 */
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { checksumProtected, PROTECTED } from '../helpers/checksums';

const before = checksumProtected();

after(() => {
  assert.deepEqual(checksumProtected(), before, `${PROTECTED.join('/ and ')}/ changed while this test file ran`);
});
