import Joi from 'joi';
import type { ExpectedAnswer, Finding } from './check';
import type { DocumentedValuesNote } from './documented-values';

/** The parts of `schema.describe()` the comparison reads. */
interface Description {
  type: string;
  flags?: { presence?: string; unknown?: boolean };
  keys?: Record<string, Description>;
  patterns?: unknown[];
  items?: Description[];
  matches?: { schema?: Description }[];
  allow?: unknown[];
  metas?: unknown[];
}

/** The same options as the adapters' `parseBody`: whatever it refuses is breaking here, and nothing else is. */
const AS_THE_ADAPTER_VALIDATES: Joi.ValidationOptions = { allowUnknown: true, convert: false, abortEarly: false };

/**
 * Every difference between a live JSON body and the adapter's schema of it. Breaking: what the
 * adapter's own validation refuses (a missing required field, a changed type, a broken constraint),
 * a documented field the record is known to carry gone missing, and a value outside a documented
 * set that the mapper would turn into null. Warnings: undocumented fields, and values outside a
 * documented set that are passed through as they are. Values are never quoted, except those
 * outside a documented set (codes, not personal data).
 */
export function findDrift(body: unknown, expect: Pick<ExpectedAnswer, 'schema' | 'carries'>): Finding[] {
  const description = expect.schema.describe() as Description;
  const findings = [...refusals(body, expect.schema), ...missingCarried(body, expect.carries ?? []), ...walk(body, description, [])];
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.kind} ${finding.path} ${finding.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function refusals(body: unknown, schema: Joi.Schema): Finding[] {
  const { error } = schema.validate(body, AS_THE_ADAPTER_VALIDATES);
  return (error?.details ?? []).map((detail) => refusal(detail, valueAt(body, detail.path)));
}

function refusal(detail: Joi.ValidationErrorItem, actual: unknown): Finding {
  const path = fieldPath(detail.path);
  if (detail.type === 'any.required') return { kind: 'missing-field', severity: 'breaking', path, message: 'a required field is missing' };
  const expected = expectedType(detail.type);
  if (expected) {
    return { kind: 'type-changed', severity: 'breaking', path, message: `documented as ${expected}, now ${jsonType(actual)}` };
  }
  if (detail.type === 'any.only') {
    return { kind: 'enum-value', severity: 'breaking', path, message: `${quote(actual)} is not one of the values the adapter accepts` };
  }
  return { kind: 'constraint', severity: 'breaking', path, message: `breaks the documented constraint ${detail.type}` };
}

/** The documented type a Joi error type says was expected, when the error is about a type. */
function expectedType(joiType: string): string | undefined {
  if (joiType === 'number.integer') return 'an integer';
  if (joiType.startsWith('alternatives.')) return 'one of several types';
  const type = /^(string|number|boolean|object|array|date)\.base$/.exec(joiType)?.[1];
  return type ? `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}` : undefined;
}

function missingCarried(body: unknown, carries: readonly string[]): Finding[] {
  return carries.flatMap((path) => {
    const keys = path.split('.');
    const field = keys.at(-1);
    const parent = valueAt(body, keys.slice(0, -1));
    if (field === undefined || !isObject(parent) || Object.hasOwn(parent, field)) return [];
    return [
      {
        kind: 'missing-field',
        severity: 'breaking',
        path,
        message: 'missing, though this record has it and the adapter reads it: renamed or dropped',
      } satisfies Finding,
    ];
  });
}

/** Undocumented fields and values outside documented sets, found by walking the body along the description. */
function walk(value: unknown, description: Description, at: (string | number)[]): Finding[] {
  if (value === undefined || value === null || description.allow?.includes(value)) return [];
  const findings = valueNotDocumented(value, description, at);
  if (description.type === 'object' && isObject(value)) findings.push(...walkObject(value, description, at));
  const { items } = description;
  if (description.type === 'array' && Array.isArray(value) && items?.length) {
    value.forEach((item, index) => {
      const itemDescription = chooseFor(item, items);
      if (itemDescription) findings.push(...walk(item, itemDescription, [...at, index]));
    });
  }
  if (description.type === 'alternatives') {
    const chosen = chooseFor(
      value,
      (description.matches ?? []).flatMap((match) => (match.schema ? [match.schema] : [])),
    );
    if (chosen) findings.push(...walk(value, chosen, at));
  }
  return findings;
}

function walkObject(value: Record<string, unknown>, description: Description, at: (string | number)[]): Finding[] {
  const documented = description.keys ?? {};
  // An object without keys, with `unknown(true)` or with key patterns holds data, not fields.
  const fieldsAreDocumented = description.keys !== undefined && !description.flags?.unknown && !description.patterns;
  const findings: Finding[] = [];
  for (const [key, inner] of Object.entries(value)) {
    const child = documented[key];
    if (child) findings.push(...walk(inner, child, [...at, key]));
    else if (fieldsAreDocumented) {
      findings.push({ kind: 'new-field', severity: 'warning', path: fieldPath([...at, key]), message: 'not documented: a new field (additive)' });
    }
  }
  return findings;
}

function valueNotDocumented(value: unknown, description: Description, at: (string | number)[]): Finding[] {
  const note = description.metas?.find((meta): meta is DocumentedValuesNote => isObject(meta) && 'documentedValues' in meta);
  // A value of another type is reported as a changed type, not as a new value.
  if (!note || jsonType(value) !== description.type || note.documentedValues.includes(value as string | number)) return [];
  const documented = note.documentedValues.map(quote).join(', ');
  return [
    note.unknownValues === 'mapped-to-null'
      ? {
          kind: 'enum-value',
          severity: 'breaking',
          path: fieldPath(at),
          message: `${quote(value)} is not a documented value (${documented}): the adapter maps it to null, so its meaning is lost`,
        }
      : {
          kind: 'enum-value',
          severity: 'warning',
          path: fieldPath(at),
          message: `${quote(value)} is not a documented value (${documented}): the adapter passes it through as it is`,
        },
  ];
}

/** The candidate the value matches (as Joi validates it), else the first of the value's JSON type. */
function chooseFor(value: unknown, candidates: Description[]): Description | undefined {
  const matching = candidates.find((candidate) => {
    try {
      const schema: unknown = Joi.build(candidate);
      return Joi.isSchema(schema) && !schema.validate(value, AS_THE_ADAPTER_VALIDATES).error;
    } catch {
      return false;
    }
  });
  return matching ?? candidates.find((candidate) => candidate.type === jsonType(value) || candidate.type === 'any');
}

/** `['Records', 0, 'Email']` → `Records[].Email`: one path for every item of a list. */
function fieldPath(path: readonly (string | number)[]): string | undefined {
  const text = path
    .map((part) => (typeof part === 'number' ? '[]' : `.${part}`))
    .join('')
    .replace(/^\./, '');
  return text || undefined;
}

function valueAt(body: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((value, key) => (isObject(value) || Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined), body);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'absent';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function quote(value: unknown): string {
  // JSON has no text for an absent value.
  return value === undefined ? 'undefined' : JSON.stringify(value).slice(0, 60);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
