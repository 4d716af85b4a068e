/**
 * DuckDB helpers for the baselines: an in-process in-memory database through
 * `@duckdb/node-api`, and a fast columnar loader for typed arrays.
 *
 * @module
 */
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Open an in-memory DuckDB with every core available to it.
 *
 * @returns {Promise<{ instance: import('@duckdb/node-api').DuckDBInstance, connection: import('@duckdb/node-api').DuckDBConnection }>}
 */
export async function openDuckDb() {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  return { instance, connection };
}

/**
 * Run a query and return its rows as plain objects (BIGINTs as numbers).
 *
 * @param {import('@duckdb/node-api').DuckDBConnection} connection
 * @param {string} sql
 * @returns {Promise<Record<string, unknown>[]>}
 */
export async function queryRows(connection, sql) {
  const reader = await connection.runAndReadAll(sql);
  return reader
    .getRowObjectsJS()
    .map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]) => [key, typeof value === 'bigint' ? Number(value) : value]),
      ),
    );
}

/**
 * Create a table and fill it from aligned columns, row by row through an appender.
 *
 * @param {import('@duckdb/node-api').DuckDBConnection} connection
 * @param {string} table
 * @param {readonly { name: string, type: 'INTEGER' | 'DOUBLE' | 'VARCHAR', values: ArrayLike<number | string> }[]} columns
 */
export async function loadColumns(connection, table, columns) {
  await connection.run(
    `CREATE OR REPLACE TABLE ${table} (${columns.map((column) => `${column.name} ${column.type}`).join(', ')})`,
  );
  const appender = await connection.createAppender(table);
  const rows = columns[0]?.values.length ?? 0;
  const appenders = columns.map((column) => {
    switch (column.type) {
      case 'INTEGER':
        return (value) => appender.appendInteger(value);
      case 'DOUBLE':
        return (value) => appender.appendDouble(value);
      default:
        return (value) => appender.appendVarchar(value);
    }
  });
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns.length; column++) appenders[column](columns[column].values[row]);
    appender.endRow();
  }
  appender.closeSync();
}
