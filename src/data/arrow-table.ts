/**
 * Arrow IPC files (Feather v2, what `pandas.DataFrame.to_feather`, Polars' `write_ipc` and
 * pyarrow's `feather.write_feather` write) and Arrow IPC streams as a {@link TypedTable},
 * read with apache-arrow. Feather's default LZ4 frame compression and its ZSTD option are
 * decoded by lz4js and fzstd, registered with apache-arrow's codec registry.
 */
import { compressionRegistry, CompressionType, DataType, tableFromIPC, type Table } from 'apache-arrow';
import { decompress as zstdDecompress } from 'fzstd';
import type { ColumnKind, TypedColumn, TypedTable } from './typed-table';

/** Adds LZ4 frame and ZSTD decoders to apache-arrow's registry (before each read: cheap). */
function registerCodecs(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lz4 = require('lz4js') as { decompress(data: Uint8Array): Uint8Array };
  // a decoder the program registered itself is kept; an encoder-only codec gets ours beside it
  const add = (type: CompressionType, decode: (data: Uint8Array) => Uint8Array): void => {
    const codec = compressionRegistry.get(type);
    if (codec?.decode === undefined) compressionRegistry.set(type, { ...codec, decode });
  };
  add(CompressionType.LZ4_FRAME, (data) => Uint8Array.from(lz4.decompress(data)));
  add(CompressionType.ZSTD, (data) => zstdDecompress(data));
}

/** The kind of an Arrow column's values. */
function kindOf(type: DataType): ColumnKind {
  const valueType = DataType.isDictionary(type) ? type.dictionary : type;
  if (DataType.isTimestamp(valueType) || DataType.isDate(valueType)) return 'date';
  if (DataType.isInt(valueType) || DataType.isFloat(valueType) || DataType.isDecimal(valueType)) return 'number';
  if (DataType.isUtf8(valueType) || DataType.isLargeUtf8(valueType) || DataType.isUtf8View(valueType)) return 'text';
  if (DataType.isBool(valueType)) return 'boolean';
  return 'other';
}

/**
 * Reads an Arrow IPC file or stream.
 *
 * @param bytes the file's content.
 * @param format the name the messages use: `'Arrow IPC file (Feather v2)'` or `'Arrow IPC stream'`.
 * @param where the start of error messages (`'loadTable: data.feather'`).
 * @throws Error naming the file when apache-arrow cannot read it.
 */
export function readArrowTable(bytes: Uint8Array, format: string, where: string): TypedTable {
  registerCodecs();
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (err) {
    throw new Error(`${where}: not a readable ${format} (${(err as Error).message})`);
  }
  const columns: TypedColumn[] = table.schema.fields.map((field, c) => {
    const vector = table.getChildAt(c);
    const kind = kindOf(field.type);
    const isDate = kind === 'date';
    return {
      name: field.name,
      kind,
      type: String(field.type),
      value(r: number): unknown {
        const value: unknown = vector?.get(r);
        // apache-arrow gives timestamps and dates as milliseconds since 1970
        return isDate && typeof value === 'number' ? new Date(value) : value;
      },
    };
  });
  return { format, columns, rowCount: table.numRows };
}
