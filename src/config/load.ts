import { readFileSync } from 'node:fs';
import type Joi from 'joi';
import YAML from 'yaml';
import type { AdapterDefinition } from '../connections/adapter';
import { resolveTracing } from '../observability/tracing-settings';
import { gatewayConfigSchema, SAFE_MESSAGES, type GatewayConfig } from './schema';

/** Every problem found in a config, each naming the key at fault and never its value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid usergate configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Environment = Record<string, string | undefined>;

/** A variable set to nothing counts as not set. */
export function fromEnv(env: Environment, name: string): string | undefined {
  const value = env[name];
  return value === '' ? undefined : value;
}

export function loadConfigFile(file: string, adapters: readonly AdapterDefinition[], env: Environment = process.env): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError([`cannot read the config file named by USERGATE_CONFIG (${file})`]);
  }
  let raw: unknown;
  try {
    raw = /\.json$/i.test(file) ? JSON.parse(text) : YAML.parse(quotePlaceholders(text));
  } catch (error) {
    const where = error instanceof YAML.YAMLParseError ? ` at line ${error.linePos?.[0]?.line}` : '';
    throw new ConfigError([`${file} is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}${where}`]);
  }
  return parseConfig(raw, adapters, env);
}

/** Interpolates `${VAR}` / `${VAR:-default}`, validates the gateway keys, then each connection with its adapter's schemas. */
export function parseConfig(raw: unknown, adapters: readonly AdapterDefinition[], env: Environment = process.env): GatewayConfig {
  const problems: string[] = [];
  const interpolated = interpolate(raw, [], env, problems);
  if (problems.length) throw new ConfigError(problems);

  const validated = gatewayConfigSchema.validate(interpolated, { abortEarly: false });
  if (validated.error) throw new ConfigError(describe(validated.error));
  const config = validated.value;
  if (env.PORT) config.server.port = portFromEnv(env.PORT);
  config.tracing = resolveTracing(config.tracing, env, problems);

  const byName = new Map(adapters.map((adapter) => [adapter.name, adapter]));
  for (const [name, connection] of Object.entries(config.connections)) {
    const where = `connections.${name}`;
    const adapter = byName.get(connection.adapter);
    if (!adapter) {
      problems.push(`${where}.adapter: unknown adapter "${connection.adapter}" (known: ${[...byName.keys()].join(', ')})`);
      continue;
    }
    connection.credentials = validatePart(adapter.credentialsSchema, connection.credentials, `${where}.credentials`, problems);
    connection.options = validatePart(adapter.optionsSchema, connection.options, `${where}.options`, problems);
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Checked with an adapter's own schema, which says what the object holds; the gateway only passes it on. */
function validatePart(schema: Joi.ObjectSchema<unknown>, value: unknown, where: string, problems: string[]): Record<string, unknown> {
  const result = schema.validate(value, { abortEarly: false, messages: SAFE_MESSAGES });
  if (result.error) {
    problems.push(...describe(result.error, where));
    return {};
  }
  return result.value as Record<string, unknown>;
}

function describe(error: Joi.ValidationError, prefix?: string): string[] {
  return error.details.map((detail) => {
    const key = [prefix, ...detail.path].filter((part) => part !== undefined && part !== '').join('.');
    const message = detail.message.replace(/^"[^"]*" /, '');
    return `${key || '(root)'}: ${message}`;
  });
}

/**
 * In YAML flow style (`{ secret: ${SECRET} }`) the placeholder's `}` would close the mapping.
 * A placeholder that is a whole plain value is quoted before parsing; values are filled in only
 * afterwards, on the parsed tree, so a secret can never change the document's structure.
 */
function quotePlaceholders(text: string): string {
  return text.replace(/(:[ \t]+|[[,][ \t]*)(\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}\n]*)?\})(?=[ \t]*(?:[,}\]#]|$))/gm, '$1"$2"');
}

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

function interpolate(value: unknown, at: string[], env: Environment, problems: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (_match, name: string, fallback: string | undefined) => {
      const found = fromEnv(env, name);
      if (found !== undefined) return found;
      if (fallback !== undefined) return fallback;
      problems.push(`${at.join('.')}: environment variable ${name} is not set`);
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => interpolate(item, [...at, String(index)], env, problems));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, interpolate(inner, [...at, key], env, problems)]));
  }
  return value;
}

function portFromEnv(port: string): number {
  const parsed = Number(port);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new ConfigError([`PORT: must be a port number`]);
  return parsed;
}
