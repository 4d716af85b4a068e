import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStorableText, unstorableTextIssues } from './storable-text.js';

/** Every string and key of `value` with its path, walked the plain way (the reference). */
function everyText(value: unknown, at: string, out: { path: string; text: string }[] = []) {
  if (typeof value === 'string') out.push({ path: at, text: value });
  else if (Array.isArray(value)) {
    for (const [index, element] of value.entries()) everyText(element, `${at}[${index}]`, out);
  } else if (value !== null && typeof value === 'object')
    for (const [key, element] of Object.entries(value)) {
      const child = at === '' ? key : `${at}.${key}`;
      out.push({ path: child, text: key });
      everyText(element, child, out);
    }
  return out;
}

/** Text that is sometimes unstorable: a NUL or a lone surrogate now and then. */
const risky = fc.oneof(
  { weight: 8, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.constantFrom('a\u0000b', '\uD800', 'x\uDC00', '\uD83D\uDE00 ok') },
);
const values = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    risky,
    fc.integer(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(risky, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('unstorableTextIssues', () => {
  it('names exactly the strings and keys that cannot be stored, with their paths', () => {
    fc.assert(
      fc.property(values, (value) => {
        const expected = everyText(value, 'rows')
          .filter(({ text }) => !isStorableText(text))
          .map(({ path }) => path)
          .sort();
        expect(
          unstorableTextIssues(value, 'rows')
            .map((issue) => issue.path)
            .sort(),
        ).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('finds a NUL deep in a large batch of valid records', () => {
    const rows = Array.from({ length: 10_000 }, (_, index) => ({ id: `r${index}`, message: { en: 'ok' } }));
    expect(unstorableTextIssues(rows, 'rows')).toEqual([]);
    rows[9_876] = { id: 'r9876', message: { en: 'bad\u0000' } };
    expect(unstorableTextIssues(rows, 'rows').map((issue) => issue.path)).toEqual(['rows[9876].message.en']);
  });
});
