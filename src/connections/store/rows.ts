import Joi from 'joi';
import { SAFE_MESSAGES } from '../../config/schema';
import type { HealthChange, NewStoredConnection, StoredConnection, StoredConnectionChanges } from './types';

/**
 * The joi schemas of what goes into the store and what comes out of it. Both backends read a row
 * into the same camel-cased shape (JSON columns parsed, times as strings) and validate it here, so
 * that a row neither backend wrote (a hand edit, a newer schema) is never served half-read.
 */

/** The columns of `usergate_connections`, in the order both backends select them. */
export const CONNECTION_COLUMNS = [
  'tenant',
  'name',
  'id',
  'adapter',
  'base_url',
  'options',
  'timeouts',
  'enabled',
  'sealed_credentials',
  'credentials_fingerprint',
  'credentials_updated_at',
  'revision',
  'credentials_rejected_at',
  'last_verified_at',
  'last_error',
  'created_at',
  'updated_at',
  'version',
  'deleted',
] as const;

export type ConnectionColumn = (typeof CONNECTION_COLUMNS)[number];
export type ConnectionRow = Record<ConnectionColumn, unknown>;

/** Times come in as RFC 3339, normalised to UTC (`toISOString`) before they are stored. */
const time = Joi.string().isoDate();
const STORED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const storedTime = Joi.string().pattern(STORED_TIME, 'RFC 3339 time');
const timeouts = Joi.object({ attemptMs: Joi.number().integer().min(1), totalMs: Joi.number().integer().min(1) });
const lastErrorFields = { code: Joi.string().required(), status: Joi.number().integer() };
const options = Joi.object().unknown(true);
const nonEmpty = Joi.string().min(1).max(1_000);
const sealed = Joi.string()
  .min(1)
  .max(64 * 1024);
const fingerprint = Joi.string().min(1).max(256);

/**
 * The authority on what a stored record is. Rows come already in JS types (see `booleanColumn`,
 * `integerColumn`), so nothing needs converting; `wellFormed` spares most rows this schema (see there).
 */
export const storedConnectionSchema = Joi.object<StoredConnection>({
  tenant: nonEmpty.required(),
  name: nonEmpty.required(),
  id: nonEmpty.required(),
  adapter: nonEmpty.required(),
  baseUrl: nonEmpty.required(),
  options: options.required(),
  timeouts: timeouts.required(),
  enabled: Joi.boolean().required(),
  sealedCredentials: Joi.string().allow('').required(),
  credentialsFingerprint: Joi.string().allow('').required(),
  credentialsUpdatedAt: storedTime.required(),
  revision: Joi.number().integer().min(1).required(),
  credentialsRejectedAt: storedTime.allow(null).required(),
  lastVerifiedAt: storedTime.allow(null).required(),
  lastError: Joi.object({ ...lastErrorFields, at: storedTime.required() })
    .allow(null)
    .required(),
  createdAt: storedTime.required(),
  updatedAt: storedTime.required(),
  version: Joi.number().integer().min(1).required(),
  deleted: Joi.boolean().required(),
}).prefs({ convert: false, abortEarly: false, messages: SAFE_MESSAGES });

const lastError = Joi.object({ ...lastErrorFields, at: time.required() });
const INPUT_PREFERENCES: Joi.ValidationOptions = { abortEarly: false, messages: SAFE_MESSAGES };

const newConnectionSchema = Joi.object<NewStoredConnection>({
  tenant: nonEmpty.required(),
  name: nonEmpty.required(),
  adapter: nonEmpty.required(),
  baseUrl: nonEmpty.required(),
  options: options.required(),
  timeouts: timeouts.required(),
  enabled: Joi.boolean().required(),
  sealedCredentials: sealed.required(),
  credentialsFingerprint: fingerprint.required(),
}).prefs(INPUT_PREFERENCES);

const changesSchema = Joi.object<StoredConnectionChanges>({
  baseUrl: nonEmpty,
  options,
  timeouts,
  enabled: Joi.boolean(),
  credentials: Joi.object({ sealedCredentials: sealed.required(), credentialsFingerprint: fingerprint.required() }),
}).prefs(INPUT_PREFERENCES);

const healthSchema = Joi.object<HealthChange>({
  credentialsRejectedAt: time.allow(null),
  lastVerifiedAt: time.allow(null),
  lastError: lastError.allow(null),
}).prefs(INPUT_PREFERENCES);

/** A row that does not validate: which one (tenant and name are data, not secrets) and which fields. */
export interface RowProblem {
  tenant: unknown;
  name: unknown;
  fields: string[];
}

/** The record of a row already read into JS values, or what is wrong with it. */
export function recordFromRow(row: ConnectionRow): { record: StoredConnection } | { problem: RowProblem } {
  const candidate = {
    tenant: row.tenant,
    name: row.name,
    id: row.id,
    adapter: row.adapter,
    baseUrl: row.base_url,
    options: row.options,
    timeouts: row.timeouts,
    enabled: row.enabled,
    sealedCredentials: row.sealed_credentials,
    credentialsFingerprint: row.credentials_fingerprint,
    credentialsUpdatedAt: row.credentials_updated_at,
    revision: row.revision,
    credentialsRejectedAt: row.credentials_rejected_at,
    lastVerifiedAt: row.last_verified_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    deleted: row.deleted,
  };
  if (wellFormed(candidate)) return { record: candidate };
  const result: Joi.ValidationResult<StoredConnection> = storedConnectionSchema.validate(candidate);
  if (result.error)
    return { problem: { tenant: row.tenant, name: row.name, fields: [...new Set(result.error.details.map((detail) => detail.path.join('.')))] } };
  return { record: result.value };
}

/**
 * The common case of `storedConnectionSchema`, checked by hand: every row is read at start (10,000
 * of them take joi about 250 ms, this about 5). It accepts only what the schema accepts (a test
 * holds it to that); anything else, it leaves to the schema, which names what is wrong.
 */
function wellFormed(record: Record<keyof StoredConnection, unknown>): record is StoredConnection {
  return (
    isText(record.tenant) &&
    isText(record.name) &&
    isText(record.id) &&
    isText(record.adapter) &&
    isText(record.baseUrl) &&
    isPlainObject(record.options) &&
    isTimeouts(record.timeouts) &&
    typeof record.enabled === 'boolean' &&
    typeof record.sealedCredentials === 'string' &&
    typeof record.credentialsFingerprint === 'string' &&
    isStoredTime(record.credentialsUpdatedAt) &&
    isCount(record.revision) &&
    (record.credentialsRejectedAt === null || isStoredTime(record.credentialsRejectedAt)) &&
    (record.lastVerifiedAt === null || isStoredTime(record.lastVerifiedAt)) &&
    (record.lastError === null || isLastError(record.lastError)) &&
    isStoredTime(record.createdAt) &&
    isStoredTime(record.updatedAt) &&
    isCount(record.version) &&
    typeof record.deleted === 'boolean'
  );
}

const isText = (value: unknown): boolean => typeof value === 'string' && value.length >= 1 && value.length <= 1_000;
const isStoredTime = (value: unknown): boolean => typeof value === 'string' && STORED_TIME.test(value);
const isCount = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 1;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function isTimeouts(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  for (const [key, field] of Object.entries(value)) if ((key !== 'attemptMs' && key !== 'totalMs') || !isCount(field)) return false;
  return true;
}

function isLastError(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  for (const [key, field] of Object.entries(value)) {
    const valid = key === 'code' ? typeof field === 'string' && field.length > 0 : key === 'status' ? Number.isSafeInteger(field) : key === 'at';
    if (!valid) return false;
  }
  return typeof value.code === 'string' && isStoredTime(value.at);
}

/** A boolean column kept as 0 and 1 (SQLite); anything else stays as it is, for validation to refuse. */
export function booleanColumn(value: unknown): unknown {
  return value === 1 ? true : value === 0 ? false : value;
}

/** A BIGINT column, which the PostgreSQL driver gives as a string; anything else stays as it is, for validation to refuse. */
export function integerColumn(value: unknown): unknown {
  return typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
}

/** Parses a JSON column kept as text (SQLite); what does not parse stays as it is, for validation to refuse. */
export function parseJsonColumn(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function validated<T>(schema: Joi.Schema<T>, value: T, what: string): T {
  const result: Joi.ValidationResult<T> = schema.validate(value);
  if (result.error) throw new TypeError(`${what}: ${result.error.details.map((detail) => detail.message).join('; ')}`);
  return result.value;
}

export const validNewConnection = (input: NewStoredConnection): NewStoredConnection => validated(newConnectionSchema, input, 'a new stored connection');
export const validChanges = (changes: StoredConnectionChanges): StoredConnectionChanges => validated(changesSchema, changes, 'a stored connection change');
export const validHealth = (health: HealthChange): HealthChange => validated(healthSchema, health, 'a health change');
