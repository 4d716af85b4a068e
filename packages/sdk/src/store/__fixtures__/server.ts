/**
 * Helpers for the tests that need a real PostgreSQL server
 * (`KAMKIT_DATABASE_URL`): each test file works in its own schema so files
 * can run in parallel against one database.
 *
 * @module
 */
import { DATABASE_OWNER_URL_ENV, DATABASE_URL_ENV } from '../open-store.js';

const appUrl = process.env[DATABASE_URL_ENV]?.trim() || undefined;
const ownerUrl = process.env[DATABASE_OWNER_URL_ENV]?.trim() || undefined;

/**
 * The server URL for suites that create their own schema, migrate it and
 * empty its tables between cases: the schema owner's
 * (`KAMKIT_DATABASE_OWNER_URL`) when the server has two roles, else
 * `KAMKIT_DATABASE_URL`; `undefined` when the server tests are skipped.
 */
export const serverUrl: string | undefined = ownerUrl ?? appUrl;

/**
 * The two roles of a server set up like `.ci/postgres.sh` does: the
 * application role's URL and the owner's; `undefined` unless both are set.
 */
export const serverRoles: { appUrl: string; ownerUrl: string } | undefined =
  appUrl !== undefined && ownerUrl !== undefined ? { appUrl, ownerUrl } : undefined;

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
