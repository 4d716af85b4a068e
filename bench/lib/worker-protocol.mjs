/**
 * The line a worker prints with its result: `@@result {json}`.
 *
 * @module
 */

/** Prefix of the result line on a worker's stdout. */
export const RESULT_PREFIX = '@@result ';
