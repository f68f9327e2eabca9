import type Joi from 'joi';
import joiToJson, { type LogicalOpParserOpts } from 'joi-to-json';

export type JsonSchema = Record<string, unknown>;

interface Dependency {
  peers: string[];
}

/**
 * joi's `xor` and `and` in the plainest JSON Schema that says the same. joi-to-json's own forms
 * use `then: false` (a boolean schema, which OpenAPI linters refuse) and `not: { required }`
 * (whose names no linter can find among the properties).
 */
const LOGICAL_OPERATORS: LogicalOpParserOpts = {
  /**
   * Exactly one of the peers. Each branch repeats its peer's schema: where this schema is one of
   * several side by side (an operation several adapters share), a linter that looks for a required
   * property at the outermost composition still finds it.
   */
  xor: (schema: JsonSchema, { peers }: Dependency) => {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema | undefined>;
    schema.oneOf = peers.map((peer) => {
      const property = properties[peer];
      return { required: [peer], ...(property && { properties: { [peer]: property } }) };
    });
  },
  /** All of the peers or none. */
  and: (schema: JsonSchema, { peers }: Dependency) => {
    schema.dependentRequired = Object.fromEntries(peers.map((peer) => [peer, peers.filter((other) => other !== peer)]));
  },
};

const JSON_TYPES = ['array', 'boolean', 'number', 'object', 'string', 'null'];

/** The OpenAPI 3.1 (JSON Schema 2020-12) form of a joi schema. */
export function toJsonSchema(schema: Joi.Schema): JsonSchema {
  const converted: unknown = joiToJson(schema, 'open-api-3.1', {}, { logicalOpParser: LOGICAL_OPERATORS });
  return JSON.parse(JSON.stringify(converted), (key, value: unknown) => {
    if (key === 'pattern' && typeof value === 'string') return flagless(value);
    if (!isObject(value)) return value;
    // joi-to-json also lists each `.pattern(regex)` as a property named after the regex.
    if (key === 'properties') return Object.fromEntries(Object.entries(value).filter(([name]) => !/^\/.*\/$/.test(name)));
    // `Joi.any()` comes out as a list of every type; any JSON value is the empty schema.
    if (isAnyType(value.type)) return withoutType(value);
    return value;
  }) as JsonSchema;
}

/**
 * joi-to-json keeps a regex's flags after its last slash (`^[a-z]+$/i`), where a JSON Schema
 * pattern would read them as part of the pattern. A regex's source escapes each slash of its own,
 * so an unescaped one can only be that. JSON Schema has no flags: such a pattern must be spelled out.
 */
function flagless(pattern: string): string {
  const flags = /(?<!\\)\/([a-z]+)$/.exec(pattern);
  if (flags) throw new Error(`The pattern ${pattern} has regex flags, which JSON Schema cannot express: spell them out (such as [a-zA-Z] for i).`);
  return pattern;
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAnyType(type: unknown): boolean {
  return Array.isArray(type) && JSON_TYPES.every((name) => type.includes(name));
}

function withoutType(schema: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([key]) => key !== 'type'));
}
