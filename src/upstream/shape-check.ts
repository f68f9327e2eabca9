import type Joi from 'joi';

/** True when joi would accept the value unchanged; false says nothing (joi then judges, and names the field). */
export type ShapeCheck = (value: unknown) => boolean;

/** What `schema.describe()` gives for the types compiled here. */
interface Description {
  type: string;
  flags?: Record<string, unknown>;
  rules?: { name: string; args?: Record<string, unknown> }[];
  allow?: unknown[];
  keys?: Record<string, Description>;
  items?: Description[];
}

const MEMBERS = new Set(['type', 'flags', 'rules', 'allow', 'keys', 'items', 'metas', 'notes', 'tags', 'examples']);
const FLAGS = new Set(['presence', 'unknown', 'only', 'label', 'description']);
const anything: ShapeCheck = () => true;

/**
 * A plain-code check compiled from a joi schema, for provider bodies read with `allowUnknown`,
 * `convert: false` (parseBody): joi costs a cache miss tens of µs per body, most of it bookkeeping
 * for the error it almost never reports. Only what provider schemas use is compiled (objects, arrays,
 * strings, numbers, booleans, allowed and only-valid values, required keys, a few length and range
 * rules); a schema with anything else (defaults, conversions, patterns, alternatives, references)
 * gets none, and joi judges it as before. Sound by construction and by test: it never accepts what
 * joi would refuse or change (test/unit/shape-check.test.ts).
 */
export function compileShapeCheck(schema: Joi.Schema): ShapeCheck | undefined {
  return compile(schema.describe() as Description);
}

function compile(description: Description): ShapeCheck | undefined {
  if (Object.keys(description).some((member) => !MEMBERS.has(member))) return undefined;
  const flags = description.flags ?? {};
  if (Object.keys(flags).some((flag) => !FLAGS.has(flag)) || flags.unknown === false) return undefined;
  const allowed = description.allow ?? [];
  if (allowed.some((value) => value !== null && typeof value === 'object')) return undefined;
  if (flags.only === true) return (value) => allowed.includes(value);
  const check = typeCheck(description);
  if (!check || allowed.length === 0) return check;
  return (value) => allowed.includes(value) || check(value);
}

function typeCheck(description: Description): ShapeCheck | undefined {
  switch (description.type) {
    case 'any':
      return description.rules?.length ? undefined : anything;
    case 'boolean':
      return description.rules?.length ? undefined : (value) => typeof value === 'boolean';
    case 'string': {
      const bounds = lengthBounds(description);
      // joi refuses the empty string unless it is allowed.
      return bounds && ((value) => typeof value === 'string' && value !== '' && bounds(value.length));
    }
    case 'number':
      return numberCheck(description);
    case 'array': {
      const bounds = lengthBounds(description);
      return bounds && arrayCheck(description, bounds);
    }
    case 'object':
      return objectCheck(description);
    default:
      return undefined;
  }
}

/** `min`, `max` and `length` rules with plain numbers (no references, no encodings); undefined for any other rule. */
function lengthBounds(description: Description): ((length: number) => boolean) | undefined {
  let min = 0;
  let max = Infinity;
  for (const { name, args = {} } of description.rules ?? []) {
    const limit = args.limit;
    if (typeof limit !== 'number' || Object.keys(args).length !== 1) return undefined;
    if (name === 'min') min = Math.max(min, limit);
    else if (name === 'max') max = Math.min(max, limit);
    else if (name === 'length') [min, max] = [Math.max(min, limit), Math.min(max, limit)];
    else return undefined;
  }
  return (length) => length >= min && length <= max;
}

function numberCheck(description: Description): ShapeCheck | undefined {
  let integer = false;
  let min = -Number.MAX_SAFE_INTEGER;
  let max = Number.MAX_SAFE_INTEGER;
  for (const { name, args = {} } of description.rules ?? []) {
    if (name === 'integer') integer = true;
    else if ((name === 'min' || name === 'max') && typeof args.limit === 'number' && Object.keys(args).length === 1) {
      if (name === 'min') min = Math.max(min, args.limit);
      else max = Math.min(max, args.limit);
    } else return undefined;
  }
  // -0 is joi's to judge: it accepts it as 0, a change.
  return (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value)) && !Object.is(value, -0);
}

function arrayCheck(description: Description, bounds: (length: number) => boolean): ShapeCheck | undefined {
  const items: ShapeCheck[] = [];
  for (const item of description.items ?? []) {
    // A required item means "at least one such element": joi's to judge.
    if (item.flags?.presence !== undefined) return undefined;
    const check = compile(item);
    if (!check) return undefined;
    items.push(check);
  }
  return (value) => {
    if (!Array.isArray(value) || !bounds(value.length)) return false;
    if (items.length === 0) return true;
    for (const element of value) {
      if (element === undefined || !items.some((check) => check(element))) return false;
    }
    return true;
  };
}

function objectCheck(description: Description): ShapeCheck | undefined {
  if (description.rules?.length) return undefined;
  const keys: { name: string; presence: unknown; check: ShapeCheck }[] = [];
  for (const [name, child] of Object.entries(description.keys ?? {})) {
    const check = compile(child);
    if (!check) return undefined;
    keys.push({ name, presence: child.flags?.presence, check });
  }
  return (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const fields = value as Record<string, unknown>;
    // joi's copy leaves out an own `__proto__` key (JSON.parse makes one): joi's to judge.
    if (Object.hasOwn(fields, '__proto__')) return false;
    for (const { name, presence, check } of keys) {
      const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
      if (field === undefined) {
        if (presence === 'required') return false;
      } else if (presence === 'forbidden' || !check(field)) return false;
    }
    return true;
  };
}
