import type Joi from 'joi';
import type { UpstreamResponse } from '../../src/upstream/client';
import { parseBody } from '../../src/upstream/validate';

/** Every key Payabli's user and envelope responses document, in the documented spelling. */
const DOCUMENTED_KEYS = [
  'isSuccess',
  'responseText',
  'responseCode',
  'responseData',
  'explanation',
  'todoAction',
  'Records',
  'Summary',
  'pageIdentifier',
  'pageSize',
  'totalPages',
  'totalRecords',
  'userId',
  'Email',
  'Name',
  'Phone',
  'snProvider',
  'snIdentifier',
  'snData',
  'Scope',
  'orgType',
  'orgId',
  'orgEntry',
  'Access',
  'roleLabel',
  'roleValue',
  'UsrStatus',
  'language',
  'timeZone',
  'UsrMFA',
  'UsrMFAMode',
  'createdAt',
  'lastAccess',
  'AdditionalData',
];
const BY_LOWER_CASE = new Map(DOCUMENTED_KEYS.map((key) => [key.toLowerCase(), key]));

/** The client's own dictionary: its keys are data, never renamed. */
const OPAQUE_KEYS = new Set(['AdditionalData']);

/**
 * NOTE: Payabli's casing is not stable (`Email` on one endpoint, `email` on another; the facts say to
 * treat response keys case-insensitively), so every documented key is renamed to its documented
 * spelling before validation and mapping. Unknown keys are kept as they are.
 */
export function withDocumentedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withDocumentedKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      const documented = BY_LOWER_CASE.get(key.toLowerCase()) ?? key;
      return [documented, OPAQUE_KEYS.has(documented) ? inner : withDocumentedKeys(inner)];
    }),
  );
}

/** `parseBody` over the body with documented key spellings. */
export function parsePayabliBody<T>(response: UpstreamResponse, schema: Joi.Schema<T>, connection: string): T {
  return parseBody({ ...response, json: () => withDocumentedKeys(response.json()) }, schema, connection);
}
