import Joi from 'joi';

/**
 * A change to every JSON answer a simulator sends, so that it can play a provider whose API has
 * drifted from its documentation (a renamed field, a changed type, a new field, a new enum value).
 * `path` is dotted from the body's root; arrays on the way (a bare list, `Records`) are stepped
 * through, so `Records.Email` changes every record. A path the answer does not have changes nothing.
 */
export type ResponseTransform =
  | { op: 'rename'; path: string; to: string }
  /** Sets the value, adding the field when absent (its parent must exist). */
  | { op: 'set'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  /** Keeps the value but changes its JSON type (`1001` → `"1001"`). */
  | { op: 'retype'; path: string; to: JsonType };

const JSON_TYPES = ['string', 'number', 'boolean', 'object', 'array', 'null'] as const;
type JsonType = (typeof JSON_TYPES)[number];

export const responseTransformSchema = Joi.object<ResponseTransform>({
  op: Joi.string().valid('rename', 'set', 'remove', 'retype').required(),
  path: Joi.string()
    .pattern(/^[^.\s]+(\.[^.\s]+)*$/, 'dotted field path')
    .required(),
  to: Joi.when('op', {
    switch: [
      {
        is: 'rename',
        then: Joi.string()
          .pattern(/^[^.\s]+$/, 'field name')
          .required(),
      },
      {
        is: 'retype',
        then: Joi.string()
          .valid(...JSON_TYPES)
          .required(),
      },
    ],
    otherwise: Joi.forbidden(),
  }),
  value: Joi.when('op', { is: 'set', then: Joi.any().required(), otherwise: Joi.forbidden() }),
});

/** A copy of `body` with every transform applied in order. */
export function transformBody(body: unknown, transforms: readonly ResponseTransform[]): unknown {
  const copy = structuredClone(body);
  for (const transform of transforms) {
    const keys = transform.path.split('.');
    const field = keys.at(-1);
    if (field === undefined) continue;
    for (const parent of parentsAt(copy, keys.slice(0, -1))) apply(parent, field, transform);
  }
  return copy;
}

/** The objects at `keys` below `value`, stepping through arrays. */
function parentsAt(value: unknown, keys: string[]): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap((item) => parentsAt(item, keys));
  if (!isObject(value)) return [];
  const [first, ...rest] = keys;
  if (first === undefined) return [value];
  return Object.hasOwn(value, first) ? parentsAt(value[first], rest) : [];
}

function apply(parent: Record<string, unknown>, key: string, transform: ResponseTransform): void {
  if (transform.op === 'set') {
    parent[key] = structuredClone(transform.value);
    return;
  }
  if (!Object.hasOwn(parent, key)) return;
  const value = parent[key];
  // A field of a JSON document, not an entry of a dictionary: the document stays a plain object.
  if (transform.op === 'remove' || transform.op === 'rename') Reflect.deleteProperty(parent, key);
  if (transform.op === 'rename') parent[transform.to] = value;
  if (transform.op === 'retype') parent[key] = retype(value, transform.to);
}

function retype(value: unknown, to: JsonType): unknown {
  switch (to) {
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'number':
      return typeof value === 'number' ? value : Number.isFinite(Number(value)) ? Number(value) : 0;
    case 'boolean':
      return Boolean(value);
    case 'object':
      return isObject(value) ? value : { value };
    case 'array':
      return Array.isArray(value) ? value : [value];
    case 'null':
      return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
