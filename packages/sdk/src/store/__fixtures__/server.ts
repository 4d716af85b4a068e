/**
 * Helpers for the tests that need a real PostgreSQL server
 * (`KAMKIT_DATABASE_URL`): each test file works in its own schema so files
 * can run in parallel against one database.
 *
 * @module
 */
import { DATABASE_URL_ENV } from '../open-store.js';

/** The server URL from the environment, or `undefined` when the server tests are skipped. */
export const serverUrl: string | undefined = process.env[DATABASE_URL_ENV]?.trim() || undefined;

/** The message printed when the server tests are skipped. */
export const SKIP_MESSAGE = `PostgreSQL server conformance skipped: set ${DATABASE_URL_ENV}`;

/** A schema name no other test run uses. */
export function uniqueSchema(label: string): string {
  return `kamkit_test_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/** `url` with `search_path` set to `schema` for every connection (the `options` parameter). */
export function urlWithSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}
