import fc from 'fast-check';
import { adapters } from '../../adapters';
import { canonicalUserSchema, isNeverReturned, NEVER_RETURNED_KEYS } from '../../src/canonical/user';
import type { MappingContext } from '../../src/connections/adapter';
import type { Connection } from '../../src/connections/registry';
import { GatewayError } from '../../src/errors';
import { toCanonicalUser } from '../../src/users/projection';

const context: MappingContext = { reportUnknown: () => undefined };

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
  for (const adapter of adapters) {
    const { name, providerUser } = adapter;
    const connection = { name, adapter: { name } } as Connection;
    // The mapping as a connection with the adapter's default options runs it.
    const options: unknown = adapter.optionsSchema.validate({}).value;

    it(`when ${name} sends anything, then the read path refuses it as a value (never throws otherwise) or returns a valid canonical user without never-returned fields`, () => {
      fc.assert(
        fc.property(providerJson(providerUser.example), (raw) => {
          const body = providerUser.normalize ? providerUser.normalize(raw) : raw;
          const { value, error } = providerUser.schema.validate(body, { allowUnknown: true, convert: false });
          if (error) return;
          let user;
          try {
            user = toCanonicalUser(connection, providerUser.toCanonical(value, context, options));
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
