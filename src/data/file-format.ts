/**
 * What a data file is, told by its first bytes (its magic number), not by its name: the
 * tables grulab reads (CSV text, Parquet, Arrow IPC) and the binary files people pass
 * where a CSV is expected, each named so that the message can say what to do.
 */

/** A file's format as {@link detectFileFormat} tells it. */
export interface FileFormat {
  /** `'csv'` (text), `'parquet'`, `'arrow'` (IPC file or stream), or `'other'` (a binary file grulab does not read). */
  kind: 'csv' | 'parquet' | 'arrow' | 'other';
  /** What the file is, in a sentence: `'a Parquet file'`, `'a gzip-compressed file'`, ... */
  name: string;
  /** For a table grulab reads, the format's name: `'CSV'`, `'Parquet'`, `'Arrow IPC file (Feather v2)'`, `'Arrow IPC stream'`. */
  format?: string;
  /** For `'other'`: what to do with it. */
  hint?: string;
}

const ascii = (head: Uint8Array, text: string, at = 0): boolean =>
  head.length >= at + text.length && [...text].every((ch, i) => head[at + i] === ch.charCodeAt(0));
const bytes = (head: Uint8Array, values: number[]): boolean => head.length >= values.length && values.every((v, i) => head[i] === v);

/** Binary formats recognised only to be named, with what to do. */
const OTHERS: Array<{ test: (head: Uint8Array) => boolean; name: string; hint: string }> = [
  { test: (h) => ascii(h, 'FEA1'), name: 'a Feather v1 file', hint: 'write it again as Feather v2 (pandas 1.1+ and pyarrow write v2), Parquet or CSV' },
  { test: (h) => bytes(h, [0x1f, 0x8b]), name: 'a gzip-compressed file', hint: 'decompress it first (gunzip)' },
  { test: (h) => bytes(h, [0x28, 0xb5, 0x2f, 0xfd]), name: 'a zstd-compressed file', hint: 'decompress it first (unzstd)' },
  { test: (h) => ascii(h, 'BZh'), name: 'a bzip2-compressed file', hint: 'decompress it first (bunzip2)' },
  { test: (h) => bytes(h, [0x50, 0x4b, 0x03, 0x04]), name: 'a ZIP archive (an Excel .xlsx or .ods workbook is one)', hint: 'save the sheet as CSV, or unzip the archive' },
  { test: (h) => bytes(h, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), name: 'an Excel .xls workbook', hint: 'save the sheet as CSV' },
  { test: (h) => ascii(h, 'ORC'), name: 'an ORC file', hint: 'write it as Parquet or CSV' },
  { test: (h) => bytes(h, [0x4f, 0x62, 0x6a, 0x01]), name: 'an Avro file', hint: 'write it as Parquet or CSV' },
  { test: (h) => ascii(h, 'SQLite format 3'), name: 'an SQLite database', hint: 'export the table as CSV or Parquet' },
  { test: (h) => bytes(h, [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), name: 'an HDF5 file', hint: 'write it as Parquet or CSV' },
  { test: (h) => ascii(h, '%PDF'), name: 'a PDF document', hint: 'export the table as CSV' },
  { test: (h) => bytes(h, [0xff, 0xfe]) || bytes(h, [0xfe, 0xff]), name: 'UTF-16 text', hint: 'save it as UTF-8' },
];

/**
 * The format of a file from its first bytes (at least 16 are needed; 4096 are enough).
 *
 * @param head the file's first bytes.
 * @returns the format; text without NUL bytes is taken for CSV.
 * @example
 * detectFileFormat(new TextEncoder().encode('PAR1...')).name; // => 'a Parquet file'
 */
export function detectFileFormat(head: Uint8Array): FileFormat {
  if (ascii(head, 'PAR1')) return { kind: 'parquet', name: 'a Parquet file', format: 'Parquet' };
  if (ascii(head, 'ARROW1')) return { kind: 'arrow', name: 'an Arrow IPC file (Feather v2)', format: 'Arrow IPC file (Feather v2)' };
  // an IPC stream opens with a message: the continuation marker, then its metadata length
  if (bytes(head, [0xff, 0xff, 0xff, 0xff]) && head.length >= 8 && head[7] === 0) return { kind: 'arrow', name: 'an Arrow IPC stream', format: 'Arrow IPC stream' };
  for (const other of OTHERS) if (other.test(head)) return { kind: 'other', name: other.name, hint: other.hint };
  if (head.includes(0)) return { kind: 'other', name: 'a binary file (it holds NUL bytes, which text does not)', hint: 'pass a CSV, Parquet or Arrow IPC (Feather v2) file' };
  return { kind: 'csv', name: 'CSV text', format: 'CSV' };
}
