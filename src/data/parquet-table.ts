/**
 * Parquet files as a {@link TypedTable}, read with hyparquet (pure JavaScript) and its
 * compressors (snappy, gzip, zstd, brotli, lz4 pages).
 *
 * Hand-assembled from hyparquet's page-level functions rather than its `parquetRead`:
 * that entry is asynchronous (built for files fetched in ranges), while grulab's loaders
 * are synchronous, as `pd.read_parquet` is; with the whole file in memory every step below
 * (footer, schema, pages) is synchronous. The version is pinned for that reason.
 */
import type { ColumnKind, TypedColumn, TypedTable } from './typed-table';

/** The parts of hyparquet's (ES module) API used here. */
interface SchemaElement {
  name: string;
  type?: string;
  converted_type?: string;
  logical_type?: { type: string; unit?: string };
  repetition_type?: string;
}
interface SchemaTree {
  element: SchemaElement;
  children: SchemaTree[];
}
interface ColumnMetadata {
  path_in_schema: string[];
  data_page_offset: bigint;
  dictionary_page_offset?: bigint;
  total_compressed_size: bigint;
}
interface FileMetadata {
  num_rows: bigint;
  row_groups: Array<{ num_rows: bigint; columns: Array<{ meta_data?: ColumnMetadata; file_path?: string }> }>;
}
interface Hyparquet {
  parquetMetadata(buffer: ArrayBuffer): FileMetadata;
  parquetSchema(metadata: FileMetadata): SchemaTree;
}
interface HyparquetColumn {
  readColumn(
    reader: { view: DataView; offset: number },
    select: { groupStart: number; selectStart: number; selectEnd: number },
    decoder: Record<string, unknown>,
  ): { data: ArrayLike<unknown>[] };
}

/** hyparquet's modules, loaded on the first Parquet file (ES modules, through `require`). */
function hyparquet(where: string): { core: Hyparquet; column: HyparquetColumn; parsers: object; compressors: object } {
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    return {
      core: require('hyparquet') as Hyparquet,
      column: require('hyparquet/src/column.js') as HyparquetColumn,
      parsers: (require('hyparquet/src/convert.js') as { DEFAULT_PARSERS: object }).DEFAULT_PARSERS,
      compressors: (require('hyparquet-compressors') as { compressors: object }).compressors,
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_REQUIRE_ESM') {
      throw new Error(`${where}: reading Parquet needs Node.js 20.19 or later (hyparquet is an ES module, loaded with require), this is ${process.version}`);
    }
    throw err;
  }
}

/** The kind of a flat column's values and the schema's name for its type. */
function kindOf(element: SchemaElement): { kind: ColumnKind; type: string } {
  const logical = element.logical_type?.type;
  const converted = element.converted_type;
  const physical = element.type ?? 'GROUP';
  const type = logical !== undefined ? `${logical}${element.logical_type?.unit ? `(${element.logical_type.unit})` : ''}` : (converted ?? physical);
  if (logical === 'TIMESTAMP' || logical === 'DATE' || converted === 'DATE' || converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS' || physical === 'INT96') {
    return { kind: 'date', type };
  }
  if (logical === 'STRING' || logical === 'ENUM' || converted === 'UTF8' || converted === 'ENUM') return { kind: 'text', type };
  if (physical === 'BOOLEAN') return { kind: 'boolean', type };
  if (logical === 'DECIMAL' || converted === 'DECIMAL') return { kind: 'number', type };
  if (['INT32', 'INT64', 'FLOAT', 'DOUBLE'].includes(physical) && logical !== 'TIME' && converted !== 'TIME_MILLIS' && converted !== 'TIME_MICROS') {
    return { kind: 'number', type };
  }
  if (physical === 'BYTE_ARRAY' && logical === undefined && converted === undefined) return { kind: 'text', type: 'BYTE_ARRAY' };
  return { kind: 'other', type };
}

/**
 * Reads a whole Parquet file's flat columns; a nested column (list, map, struct) is kept
 * as a column of kind `'other'` that loading names when it is asked for.
 *
 * @param bytes the file's content.
 * @param where the start of error messages (`'loadTable: data.parquet'`).
 * @throws Error naming the file when it is not a readable Parquet file.
 */
export function readParquetTable(bytes: Uint8Array, where: string): TypedTable {
  const { core, column, parsers, compressors } = hyparquet(where);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata: FileMetadata;
  let schema: SchemaTree;
  try {
    metadata = core.parquetMetadata(buffer);
    schema = core.parquetSchema(metadata);
  } catch (err) {
    throw new Error(`${where}: not a readable Parquet file (${(err as Error).message})`);
  }
  const rowCount = Number(metadata.num_rows);
  const columns: TypedColumn[] = schema.children.map((child) => {
    const flat = child.children.length === 0 && child.element.repetition_type !== 'REPEATED';
    const { kind, type } = flat ? kindOf(child.element) : { kind: 'other' as const, type: 'nested (list, map or struct)' };
    let values: unknown[] | undefined;
    const read = (): unknown[] => {
      values ??= flat ? readFlatColumn(child, schema, metadata, buffer, { column, parsers, compressors }, where) : [];
      return values;
    };
    // decoded on first use, once per column (every flat column is read: the visitor gets whole rows)
    return { name: child.element.name, kind, type, value: (r: number) => (flat ? read()[r] : '(nested)') };
  });
  return { format: 'Parquet', columns, rowCount };
}

/** One flat column's values over every row group, in file order (`null` where missing). */
function readFlatColumn(
  child: SchemaTree,
  schema: SchemaTree,
  metadata: FileMetadata,
  buffer: ArrayBuffer,
  lib: { column: HyparquetColumn; parsers: object; compressors: object },
  where: string,
): unknown[] {
  const out: unknown[] = [];
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupRows = Number(group.num_rows);
    const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === child.element.name);
    if (chunk?.meta_data === undefined || chunk.file_path !== undefined) {
      throw new Error(`${where}: column '${child.element.name}' has no data in row group starting at row ${groupStart + 1} (or lives in another file)`);
    }
    const meta = chunk.meta_data;
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    const end = start + Number(meta.total_compressed_size);
    const decoder = {
      pathInSchema: meta.path_in_schema, element: child.element, schemaPath: [schema, child],
      ...meta, compressors: lib.compressors, utf8: true, parsers: lib.parsers,
    };
    let chunks: ArrayLike<unknown>[];
    try {
      ({ data: chunks } = lib.column.readColumn({ view: new DataView(buffer, start, end - start), offset: 0 }, { groupStart, selectStart: 0, selectEnd: groupRows }, decoder));
    } catch (err) {
      throw new Error(`${where}: column '${child.element.name}' cannot be decoded in the row group starting at row ${groupStart + 1}: ${(err as Error).message}`);
    }
    let n = 0;
    for (const data of chunks) for (let i = 0; i < data.length && n < groupRows; i++, n++) out.push(data[i] ?? null);
    if (n !== groupRows) throw new Error(`${where}: column '${child.element.name}' holds ${n} values in a row group of ${groupRows} rows`);
    groupStart += groupRows;
  }
  return out;
}
