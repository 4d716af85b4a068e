/**
 * One text per content: JSON with object keys sorted and `undefined` dropped,
 * so equal records give equal text — what the stores compare before a write,
 * the import hashes into ids, and the results fingerprint.
 *
 * @module
 */

/**
 * JSON with object keys sorted and `undefined` dropped: equal records give equal text.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: undefined, c: [2, { y: 1, x: 0 }] }); // '{"b":1,"c":[2,{"x":0,"y":1}]}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = sortKeys(item);
    }
    return out;
  }
  return value;
}
