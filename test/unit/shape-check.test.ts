import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import Joi from 'joi';
import { adapters } from '../../adapters';
import { compileShapeCheck } from '../../src/upstream/shape-check';

/** parseBody's preferences: what the compiled check stands in for. */
const PREFERENCES: Joi.ValidationOptions = { allowUnknown: true, abortEarly: true, convert: false };

/** Sound: whatever the check accepts, joi accepts too, and leaves as it was. */
function expectSound(schema: Joi.Schema, value: unknown): void {
  const check = compileShapeCheck(schema);
  if (!check?.(value)) return;
  const result = schema.validate(value, PREFERENCES);
  expect(result.error).toBeUndefined();
  expect(result.value).toEqual(value);
}

type Path = (string | number)[];

function pathsOf(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [path];
  const children = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return [path, ...children.flatMap((key) => pathsOf((value as Record<string | number, unknown>)[key], [...path, key]))];
}

const REMOVE = Symbol('remove');

/** The example with one value replaced (or removed) at `path`. */
function mutated(example: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement === REMOVE ? {} : replacement;
  const copy = structuredClone(example) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (replacement === REMOVE) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

const SYNTHETIC: Record<string, Joi.Schema> = {
  'required strings with lengths, null allowed': Joi.object({
    id: Joi.string().max(8).required(),
    code: Joi.string().length(2),
    note: Joi.string().min(2).allow(null, ''),
  }),
  'numbers, integers and ranges': Joi.object({ count: Joi.number().integer().min(0).max(100), ratio: Joi.number(), big: Joi.number().integer() }),
  'arrays of alternatives, nested objects, booleans, anything': Joi.object({
    tags: Joi.array().items(Joi.string(), Joi.number()).max(3),
    links: Joi.array().items(Joi.object({ href: Joi.string().required(), rel: Joi.string() })),
    flag: Joi.boolean().required(),
    extra: Joi.any(),
    nested: Joi.object({ inner: Joi.object().unknown(true).allow(null) }),
  }),
  'only valid values': Joi.object({ status: Joi.string().valid('active', 'inactive').required(), level: Joi.number().valid(1, 2) }),
  'a bare array': Joi.array().items(Joi.object({ id: Joi.string().required() })),
};

describe('compiled shape checks of provider bodies', () => {
  // For the schemas it compiles, the check is exact: refusing what joi accepts would only cost time, but it does not happen either.
  it.each(Object.entries(SYNTHETIC))('when any JSON value, or a near miss, meets a schema with %s, then the check and joi agree', (_what, schema) => {
    const check = compileShapeCheck(schema)!;
    expect(check).toBeDefined();
    const nearMiss = fc.record(
      {
        id: fc.string({ maxLength: 10 }),
        code: fc.string({ maxLength: 3 }),
        note: fc.oneof(fc.string({ maxLength: 3 }), fc.constant(null)),
        count: fc.oneof(fc.integer({ min: -5, max: 105 }), fc.double(), fc.constant(2 ** 60)),
        status: fc.constantFrom('active', 'inactive', 'gone', ''),
        flag: fc.oneof(fc.boolean(), fc.constant('true')),
        tags: fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 4 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 3 }), nearMiss, fc.array(nearMiss, { maxLength: 3 })), (value) => {
        const joi = schema.validate(value, PREFERENCES);
        expect(check(value)).toBe(joi.error === undefined && isDeepStrictEqual(joi.value, value));
        expectSound(schema, value);
      }),
      { numRuns: 3_000 },
    );
  });

  it('when a schema uses what the check does not compile (defaults, patterns, alternatives, conversions), then there is no check and joi alone judges', () => {
    expect(compileShapeCheck(Joi.object({ size: Joi.number().default(10) }))).toBeUndefined();
    expect(compileShapeCheck(Joi.object({ id: Joi.string().pattern(/^a/) }))).toBeUndefined();
    expect(compileShapeCheck(Joi.alternatives(Joi.string(), Joi.number()))).toBeUndefined();
    expect(compileShapeCheck(Joi.object({ name: Joi.string().trim() }))).toBeUndefined();
    expect(compileShapeCheck(Joi.object({ at: Joi.date() }))).toBeUndefined();
  });

  it('when a body has an own __proto__ key (JSON.parse makes one), then the check leaves it to joi, whose copy drops it', () => {
    const check = compileShapeCheck(Joi.object({ id: Joi.string() }))!;
    expect(check(JSON.parse('{"id":"a","__proto__":{"admin":true}}'))).toBe(false);
    expect(check(JSON.parse('{"id":"a"}'))).toBe(true);
  });

  const compiled = adapters.filter((adapter) => compileShapeCheck(adapter.providerUser.schema));

  it('when an adapter user schema compiles, then its own example passes the check (the fast path is taken)', () => {
    expect(compiled.length).toBeGreaterThan(0);
    for (const adapter of compiled) expect(compileShapeCheck(adapter.providerUser.schema)!(structuredClone(adapter.providerUser.example))).toBe(true);
  });

  it.each(adapters.map((adapter) => [adapter.name, adapter] as const))(
    'when the %s example user has any one value replaced or removed, then the check never accepts what joi refuses',
    (_name, adapter) => {
      const { schema, example } = adapter.providerUser;
      const paths = pathsOf(example);
      fc.assert(
        fc.property(fc.constantFrom(...paths), fc.oneof(fc.constant(REMOVE), fc.jsonValue({ maxDepth: 2 })), (path, replacement) =>
          expectSound(schema, mutated(example, path, replacement)),
        ),
        { numRuns: 1_000 },
      );
    },
  );
});
