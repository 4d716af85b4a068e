/**
 * A corpus of hostile text — NUL characters, unpaired surrogates, control
 * characters, very long keys, stray spaces — written through the store's
 * public writes on PGlite and in memory (issue #16, item 9). Whatever comes
 * in, the write either stores exactly what the schema makes of it, or is
 * refused with `INVALID_INPUT` naming the field — never a raw database error —
 * and a refused write leaves nothing behind: no record, no version, no audit.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccountSchema } from '../domain/account.js';
import { ContactSchema } from '../domain/contact.js';
import { isKamError } from '../errors/kam-error.js';
import { usePglite } from './__fixtures__/pglite.js';
import { createMemoryStore } from './memory-store.js';
import type { Store } from './port.js';

/** One UTF-16 code unit of the kinds that break stores: NUL, surrogates, controls, CJK, spaces, or any. */
const unit = fc.oneof(
  fc.constantFrom(
    '\u0000',
    '\uD800',
    '\uDBFF',
    '\uDC00',
    '\uDFFF',
    '\u0007',
    '\u202E',
    '\uFFFD',
    ' ',
    '中',
    'é',
  ),
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
);
const text = fc.oneof(
  fc.string({ unit, maxLength: 12 }),
  // Longer than any key may be (200 characters).
  fc.string({ unit, minLength: 190, maxLength: 260 }),
);
const meta = { actor: 'bad-input-test', reason: 'fuzz' };

/** The refusal a bad write must get: INVALID_INPUT, every issue naming a field of the input. */
function expectFieldRefusal(error: unknown, fields: readonly string[]) {
  if (!isKamError(error)) throw error;
  expect(error.code).toBe('INVALID_INPUT');
  expect(error.issues.length).toBeGreaterThan(0);
  for (const issue of error.issues)
    expect(
      fields.some((field) => new RegExp(`^${field}(\\.|\\[|$)`, 'u').test(issue.path)),
      issue.path,
    ).toBe(true);
}

const { freshStore } = usePglite();
const stores: [string, () => Store][] = [];
let pglite: Store;
beforeAll(async () => {
  pglite = await freshStore();
});
stores.push(['PGlite', () => pglite]);
const memory = createMemoryStore();
stores.push(['memory', () => memory]);

describe.each(stores)('hostile text on the %s store', (_name, current) => {
  let counter = 0;

  it('accounts: stored as validated, or refused naming the field with nothing written', async () => {
    await fc.assert(
      fc.asyncProperty(
        text,
        text,
        text,
        fc.array(text, { maxLength: 2 }),
        fc.dictionary(text, text, { maxKeys: 2 }),
        async (idPart, name, division, aliases, attributes) => {
          const store = current();
          const raw = { id: `acc-${++counter}${idPart}`, name, division, aliases, attributes };
          const audits = (await store.listAudit({ entity: 'account' })).length;
          const parsed = AccountSchema.safeParse(raw);
          try {
            await store.putAccount(raw as never, meta);
          } catch (error) {
            expectFieldRefusal(error, ['id', 'name', 'division', 'aliases', 'attributes']);
            if (parsed.success) expect(await store.getAccount(parsed.data.id)).toBeUndefined();
            expect((await store.listAudit({ entity: 'account' })).length).toBe(audits);
            return;
          }
          expect(parsed.success).toBe(true);
          const stored = await store.getAccount(parsed.data!.id);
          expect(stored).toMatchObject({
            id: parsed.data!.id,
            name: parsed.data!.name,
            division: parsed.data!.division,
            aliases: parsed.data!.aliases,
            attributes: parsed.data!.attributes,
          });
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it('contacts: stored as validated, or refused naming the field with nothing written', async () => {
    const store = current();
    await store.putAccount({ id: 'home', name: '主客户', division: 'east' } as never, meta);
    await fc.assert(
      fc.asyncProperty(text, text, text, async (idPart, name, title) => {
        const raw = { id: `c-${++counter}${idPart}`, accountId: 'home', name, title };
        const before = (await store.listContacts('home')).length;
        const parsed = ContactSchema.safeParse(raw);
        try {
          await store.putContact(raw as never, meta);
        } catch (error) {
          expectFieldRefusal(error, ['id', 'name', 'title']);
          expect((await store.listContacts('home')).length).toBe(before);
          return;
        }
        expect(parsed.success).toBe(true);
        const stored = (await store.listContacts('home')).find((contact) => contact.id === parsed.data!.id);
        expect(stored).toMatchObject({ name: parsed.data!.name, title: parsed.data!.title });
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
