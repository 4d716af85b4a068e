/**
 * zod issues of the configuration file as KAMkit {@link Issue}s. A policy is
 * "a preset name, a file, or an inline object", so most fields are unions:
 * when the value clearly meant one branch (an object, not a string), the
 * issues of that branch are reported with their full path
 * (`policies.tiers.tiers[0].min`) instead of "matches no allowed form".
 *
 * @module
 */
import type { z } from 'zod';
import { issuesFromZod } from '../errors/from-zod.js';
import type { Issue } from '../errors/kam-error.js';

type ZodIssue = z.core.$ZodIssue;

function isRootTypeMismatch(branch: readonly ZodIssue[]): boolean {
  return branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0;
}

function flatten(issue: ZodIssue, prefix: readonly PropertyKey[]): ZodIssue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ ...issue, path }];
  const candidates = issue.errors.filter((branch) => !isRootTypeMismatch(branch));
  if (candidates.length === 1) return candidates[0]!.flatMap((inner) => flatten(inner as ZodIssue, path));
  if (candidates.length === 0) {
    const expected = issue.errors.map((branch) => (branch[0] as { expected?: string }).expected ?? '?');
    return [
      {
        code: 'invalid_type',
        expected: [...new Set(expected)].join(' | '),
        path,
        message: `expected ${expected.join(' | ')}`,
        input: undefined,
      } as ZodIssue,
    ];
  }
  return [{ ...issue, path }];
}

/** Every issue of a failed parse of the configuration, unions resolved to the branch that was meant. */
export function configIssues(error: z.ZodError): Issue[] {
  const issues = error.issues.flatMap((issue) => flatten(issue, []));
  return issuesFromZod({ issues } as z.ZodError);
}

/** `a.b` + `c[0]` → `a.b.c[0]`; `a.b` + `(root)` → `a.b`; `a` + `[2]` → `a[2]`. */
export function joinPath(prefix: string, inner: string | undefined): string {
  if (inner === undefined || inner === '' || inner === '(root)') return prefix;
  return inner.startsWith('[') ? `${prefix}${inner}` : `${prefix}.${inner}`;
}
