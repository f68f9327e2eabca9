import Joi from 'joi';
import { SAFE_MESSAGES } from '../config/schema';
import { GatewayError } from '../errors';
import type { AdapterDefinition } from './adapter';
import { STORED_CONNECTION_NAME, type ConnectionTimeouts } from './store/types';

/** What `POST /v1/connections` takes (DESIGN §8), once checked against its adapter's schemas. */
export interface NewConnectionInput {
  name: string;
  adapter: AdapterDefinition;
  baseUrl: string;
  credentials: Record<string, unknown>;
  options: Record<string, unknown>;
  timeouts: ConnectionTimeouts;
  enabled: boolean;
}

/** A merge patch of a stored connection (`credentials` replaces the whole object: a rotation). */
export interface ConnectionPatch {
  baseUrl?: string;
  /** RFC 7396: a member set to null removes it. */
  options?: Record<string, unknown>;
  timeouts?: Record<string, number | null>;
  enabled?: boolean;
  credentials?: Record<string, unknown>;
}

/** The same bounds as a declared connection's (src/config/schema.ts). */
const TIMEOUT_BOUNDS = { attemptMs: [50, 120_000], totalMs: [50, 300_000] } as const;
const timeout = (name: keyof typeof TIMEOUT_BOUNDS) => Joi.number().integer().min(TIMEOUT_BOUNDS[name][0]).max(TIMEOUT_BOUNDS[name][1]);

/**
 * A base URL is an absolute http(s) URL with nothing a request could not carry safely: no user
 * information (a password in a URL ends up in logs), no query, no fragment. Whether it may be
 * called at all is the allow-list's to say.
 */
const baseUrl = Joi.string()
  .max(2_048)
  .uri({ scheme: ['http', 'https'] })
  .custom((value: string, helpers) => {
    const url = new URL(value);
    if (url.username || url.password) return helpers.error('baseUrl.userinfo');
    if (url.search || url.hash || value.includes('?') || value.includes('#')) return helpers.error('baseUrl.query');
    return value;
  })
  .messages({
    'baseUrl.userinfo': '{{#label}} must not carry user information (put credentials in "credentials")',
    'baseUrl.query': '{{#label}} must not carry a query or a fragment',
  });

const anObject = Joi.object().unknown(true);
const PREFERENCES: Joi.ValidationOptions = { abortEarly: false, messages: SAFE_MESSAGES, errors: { wrap: { label: '"' } } };

const createEnvelope = (adapterNames: string[]) =>
  Joi.object({
    name: Joi.string().pattern(STORED_CONNECTION_NAME, 'connection name').required(),
    adapter: Joi.string()
      .valid(...adapterNames)
      .required(),
    baseUrl: baseUrl.required(),
    credentials: anObject.required(),
    options: anObject,
    timeouts: Joi.object({ attemptMs: timeout('attemptMs'), totalMs: timeout('totalMs') }),
    enabled: Joi.boolean(),
  });

const patchSchema = Joi.object<ConnectionPatch>({
  baseUrl,
  options: anObject,
  timeouts: Joi.object({ attemptMs: timeout('attemptMs').allow(null), totalMs: timeout('totalMs').allow(null) }),
  enabled: Joi.boolean(),
  credentials: anObject,
})
  .min(1)
  .messages({ 'object.min': 'the patch changes nothing: give at least one of baseUrl, options, timeouts, enabled, credentials' });

/** `POST /v1/connections?verify=false` skips the live check of the credentials. */
export const verifyQuerySchema = Joi.object<{ verify: boolean }>({ verify: Joi.boolean().default(true) });

/** Checks a create: the envelope, then the credentials and options with the adapter's own schemas; a 400 names every field at fault, never a value. */
export function readNewConnection(body: unknown, adapters: readonly AdapterDefinition[]): NewConnectionInput {
  const envelope = check(createEnvelope(adapters.map((adapter) => adapter.name)), body) as {
    name: string;
    adapter: string;
    baseUrl: string;
    credentials: Record<string, unknown>;
    options?: Record<string, unknown>;
    timeouts?: ConnectionTimeouts;
    enabled?: boolean;
  };
  const adapter = adapters.find((candidate) => candidate.name === envelope.adapter);
  if (!adapter) throw invalid([{ field: 'adapter', message: '"adapter" is not an adapter of this gateway' }]);
  return {
    name: envelope.name,
    adapter,
    baseUrl: envelope.baseUrl,
    credentials: readCredentials(adapter, envelope.credentials),
    options: readOptions(adapter, envelope.options ?? {}),
    timeouts: orderedTimeouts(envelope.timeouts ?? {}),
    enabled: envelope.enabled ?? true,
  };
}

/** Checks a patch's shape; its credentials and merged options are checked with the adapter's schemas by `readCredentials`/`readOptions`. */
export function readPatch(body: unknown): ConnectionPatch {
  return check(patchSchema, body);
}

export function readCredentials(adapter: AdapterDefinition, credentials: unknown): Record<string, unknown> {
  return check(Joi.object<{ credentials: Record<string, unknown> }>({ credentials: adapter.credentialsSchema.required() }), { credentials }).credentials;
}

/** Options as a declared connection's are read: converted, the adapter's defaults filled in, so a stored record opens as it is. */
export function readOptions(adapter: AdapterDefinition, options: unknown): Record<string, unknown> {
  return check(Joi.object<{ options: Record<string, unknown> }>({ options: adapter.optionsSchema.required() }), { options }).options;
}

/** A declared connection's defaults (src/config/schema.ts), which a stored one without timeouts gets too. */
export const DEFAULT_TIMEOUTS = { attemptMs: 5_000, totalMs: 10_000 } as const;

/** Timeouts, checked again once merged: an attempt may not outlast the whole call. */
export function orderedTimeouts(timeouts: ConnectionTimeouts): ConnectionTimeouts {
  const { attemptMs, totalMs } = { ...DEFAULT_TIMEOUTS, ...timeouts };
  if (attemptMs > totalMs) {
    throw invalid([{ field: 'timeouts.attemptMs', message: '"timeouts.attemptMs" must not exceed "timeouts.totalMs"' }]);
  }
  return timeouts;
}

/** RFC 7396 on one level of members: `null` removes, anything else replaces. */
export function mergePatch<T>(current: Readonly<Record<string, T>>, patch: Readonly<Record<string, T | null>>): Record<string, T> {
  const removed = new Set(Object.keys(patch).filter((key) => patch[key] === null));
  const kept = Object.entries(current).filter(([key]) => !removed.has(key));
  const given = Object.entries(patch).filter((entry): entry is [string, T] => entry[1] !== null);
  return Object.fromEntries([...kept, ...given]);
}

function check<T>(schema: Joi.Schema<T>, value: unknown): T {
  const result = schema.validate(value, PREFERENCES);
  if (!result.error) return result.value;
  throw invalid(result.error.details.map((detail) => ({ field: detail.path.join('.') || 'body', message: detail.message })));
}

function invalid(problems: { field: string; message: string }[]): GatewayError {
  return new GatewayError('invalid_request', `Invalid body: ${problems.map((problem) => problem.message).join('; ')}.`, {
    extensions: { invalidFields: problems },
  });
}
