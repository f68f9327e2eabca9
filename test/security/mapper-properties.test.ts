import fc from 'fast-check';
import type Joi from 'joi';
import { adapters } from '../../adapters';
import { withDocumentedKeys } from '../../adapters/payabli/casing';
import payabliExample from '../../adapters/payabli/fixtures/user-123.json';
import { toCanonicalUser as payabliToCanonical } from '../../adapters/payabli/mapper';
import { payabliUserSchema } from '../../adapters/payabli/schema';
import payseraExample from '../../adapters/paysera/fixtures/user-221.json';
import { toCanonicalUser as payseraToCanonical } from '../../adapters/paysera/mapper';
import { payseraUserSchema } from '../../adapters/paysera/schema';
import rebillyExample from '../../adapters/rebilly/fixtures/user-seed-example.json';
import { toCanonicalUser as rebillyToCanonical } from '../../adapters/rebilly/mapper';
import { rebillyUserSchema } from '../../adapters/rebilly/schema';
import wiseExample from '../../adapters/wise/fixtures/user-101.json';
import { toCanonicalUser as wiseToCanonical } from '../../adapters/wise/mapper';
import { wiseUserSchema } from '../../adapters/wise/schema';
import { canonicalUserSchema, isNeverReturned, NEVER_RETURNED_KEYS } from '../../src/canonical/user';
import type { MappingContext } from '../../src/connections/adapter';
import type { Connection } from '../../src/connections/registry';
import { GatewayError } from '../../src/errors';
import { toCanonicalUser } from '../../src/users/projection';

const context: MappingContext = { reportUnknown: () => undefined };

/** Each adapter's read path exactly as its client runs it: its schema, then its pure mapper. */
const readPaths: Record<
  string,
  { example: object; schema: Joi.Schema; map: (raw: any) => ReturnType<typeof payseraToCanonical>; prepare?: (raw: unknown) => unknown }
> = {
  paysera: { example: payseraExample, schema: payseraUserSchema, map: (raw) => payseraToCanonical(raw, context) },
  rebilly: { example: rebillyExample, schema: rebillyUserSchema, map: (raw) => rebillyToCanonical(raw, { ...context, defaultRegion: 'LT' }) },
  payabli: { example: payabliExample, schema: payabliUserSchema, map: (raw) => payabliToCanonical(raw, context, 'US'), prepare: withDocumentedKeys },
  wise: { example: wiseExample, schema: wiseUserSchema, map: (raw) => wiseToCanonical(raw, context) },
};

/** Provider JSON: the documented example with keys overwritten, dropped or added, never-returned ones included. */
function providerJson(example: object) {
  const keys = [...Object.keys(example), ...NEVER_RETURNED_KEYS, 'unexpected'];
  return fc.oneof(
    fc.jsonValue(),
    fc
      .record({
        replace: fc.dictionary(fc.constantFrom(...keys), fc.jsonValue(), { maxKeys: 4 }),
        drop: fc.subarray(Object.keys(example)),
      })
      .map(({ replace, drop }) => {
        const mutated: Record<string, unknown> = { ...structuredClone(example), ...replace };
        for (const key of drop) delete mutated[key];
        return mutated;
      }),
  );
}

function neverReturnedKeysIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(neverReturnedKeysIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [...(isNeverReturned(key) ? [key] : []), ...neverReturnedKeysIn(inner)]);
}

describe('mappers fed arbitrary provider JSON', () => {
  it('when every adapter is covered, then the table lists them all', () => {
    expect(Object.keys(readPaths).sort()).toEqual(adapters.map((adapter) => adapter.name).sort());
  });

  for (const [name, path] of Object.entries(readPaths)) {
    const connection = { name, adapter: { name } } as Connection;

    it(`when ${name} sends anything, then the read path refuses it as a value (never throws otherwise) or returns a valid canonical user without never-returned fields`, () => {
      fc.assert(
        fc.property(providerJson(path.example), (raw) => {
          const { value, error } = path.schema.validate(path.prepare ? path.prepare(raw) : raw, { allowUnknown: true, convert: false });
          if (error) return;
          let user;
          try {
            user = toCanonicalUser(connection, path.map(value));
          } catch (thrown) {
            // A mapper may refuse, but only with a stable gateway error, never a crash.
            expect(thrown).toBeInstanceOf(GatewayError);
            return;
          }
          expect(canonicalUserSchema.validate(user).error).toBeUndefined();
          expect(neverReturnedKeysIn(user)).toEqual([]);
        }),
        { numRuns: 300 },
      );
    });
  }
});
