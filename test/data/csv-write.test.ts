/**
 * csvText: RFC 4180 quoting and OWASP's formula neutralisation, checked by exact text and
 * by reading the text back with an independent reader (Python's csv module) and with the
 * parser loadCsv uses (papaparse).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import Papa from 'papaparse';
import { csvText } from '../../src/data/csv-write';
import { skipUnless, SYSTEM_PYTHON } from '../helpers/tools';

const AWKWARD = ['date', 'a,b', 'two\nlines', 'say "hi"', ' padded ', '=HYPERLINK("http://example.com","x")', '+1', '-x', '@SUM(A1)', '\tTab', 'plain'];
const ROW = ['2024-01-01', -1.5, 0.1, 1e21, NaN, 2, 3, -4, 5, 6, 7];

test('cells with commas, quotes, line breaks or edge spaces are quoted; formula-leading text gets a quote mark', () => {
  assert.equal(
    csvText(AWKWARD, [ROW]),
    `date,"a,b","two\nlines","say ""hi"""," padded ","'=HYPERLINK(""http://example.com"",""x"")","'+1","'-x","'@SUM(A1)","'\tTab",plain\n` +
      '2024-01-01,-1.5,0.1,1e+21,NaN,2,3,-4,5,6,7\n',
  );
  assert.equal(csvText(['date', 'Temp'], []), 'date,Temp\n');
  assert.throws(() => csvText(['date', 'Temp'], [['2024-01-01']]), /csvText: row 1 has 1 cells, expected 2 \(one per header column\)/);
});

test('the text reads back as the same cells (the formulas as text), in papaparse and in Python\'s csv module', { skip: skipUnless('systemPython') }, () => {
  const text = csvText(AWKWARD, [ROW]);
  const expected = [AWKWARD.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)), ROW.map(String)];
  assert.deepEqual(Papa.parse(text, { skipEmptyLines: true }).data, expected);
  const python = spawnSync(SYSTEM_PYTHON, ['-c', 'import csv, io, json, sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read(), newline="")))))'], { input: text, encoding: 'utf8' });
  assert.equal(python.status, 0, python.stderr);
  assert.deepEqual(JSON.parse(python.stdout), expected);
});
