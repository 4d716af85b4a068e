export { type AmountResult, parseYuanToFen, readFen, readYuan } from './amount.js';
export { type ColumnSpec, KIND_COLUMNS, type KindColumns, normaliseHeader } from './columns.js';
export { type DetectedEncoding, decodeText, detectEncoding, type ImportEncoding } from './decode.js';
export {
  describeProblem,
  IMPORT_KIND_LABELS,
  IMPORT_KINDS,
  ImportError,
  type ImportErrorOptions,
  type ImportKind,
  type RowProblem,
} from './import-error.js';
export {
  type ImportFileOptions,
  type ImportMode,
  type ImportProgress,
  type ImportResult,
  importFile,
} from './import-file.js';
export { type ImportFormat, type RawRow, readRows } from './read-rows.js';
export { csvLine, REJECT_REPORT_COLUMNS } from './reject-report.js';
export { importId } from './row-mapper.js';
