/**
 * The problem answers an operation can give, each an RFC 9457 problem+json with a stable `code`.
 * Every operation lists the statuses that can really happen on it; `default` covers the rest
 * (413 body too large, 415 unsupported media type, 500 internal error).
 */
export const PROBLEM_STATUSES = [400, 401, 403, 404, 409, 422, 429, 501, 502, 503, 504] as const;

export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before retrying, when known.', schema: { type: 'integer', minimum: 0 } },
};

const RESPONSES: Record<ProblemStatus, { name: string; description: string; headers?: Record<string, unknown> }> = {
  400: {
    name: 'BadRequest',
    description:
      'The request is invalid (`invalid_request`, with the fields in `invalidFields`; `invalid_user_id`), its body could not be read, ' +
      'or the provider rejected it as invalid.',
  },
  401: {
    name: 'Unauthorized',
    description: 'No valid bearer token (`unauthorized`).',
    headers: { 'WWW-Authenticate': { description: '`Bearer error="invalid_token"`.', schema: { type: 'string' } } },
  },
  403: {
    name: 'Forbidden',
    description:
      'The token lacks a scope this needs, or the provider refused the connection access to the resource (`forbidden`). A connection the token may not reach is answered as one that does not exist.',
  },
  404: { name: 'NotFound', description: 'The provider has no such user (`user_not_found`) or no such resource (`not_found`).' },
  409: {
    name: 'Conflict',
    description:
      'The provider refused because of the current state, such as a value already taken by another user (`conflict`), ' +
      'or a request with the same `Idempotency-Key` is still in progress (retryable).',
  },
  422: { name: 'IdempotencyKeyReused', description: 'This `Idempotency-Key` was already used with a different request (`invalid_request`).' },
  429: {
    name: 'RateLimited',
    description: "This client is over its request rate, or the provider's quota is spent (`rate_limited`).",
    headers: retryAfter,
  },
  501: { name: 'NotSupported', description: "The connection's provider cannot do this (`not_supported`)." },
  502: { name: 'ProviderError', description: 'The provider failed, refused the connection, or answered in a shape the gateway cannot use (`provider_error`).' },
  503: {
    name: 'ProviderUnavailable',
    description: "The provider is unavailable or the connection's circuit breaker is open (`provider_unavailable`).",
    headers: retryAfter,
  },
  504: { name: 'ProviderTimeout', description: "The provider did not answer within the connection's deadline (`provider_timeout`)." },
};

const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/** `components.responses`: one problem answer per status, plus `Problem` for any other. */
export function problemComponents(): Record<string, unknown> {
  return {
    ...Object.fromEntries(
      PROBLEM_STATUSES.map((status) => {
        const { name, description, headers } = RESPONSES[status];
        return [name, { description, ...(headers && { headers }), content: problemContent }];
      }),
    ),
    Problem: { description: 'Any other problem: 413 body too large, 415 unsupported media type, 500 internal error.', content: problemContent },
  };
}

/**
 * The problem answers of one operation: the generic description of each status, or this
 * operation's own words for it.
 */
export function problems(statuses: readonly ProblemStatus[], own: Partial<Record<ProblemStatus, string>> = {}): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const status of [...statuses].sort((a, b) => a - b)) {
    const { name, headers } = RESPONSES[status];
    const description = own[status];
    answers[status] = description ? { description, ...(headers && { headers }), content: problemContent } : { $ref: `#/components/responses/${name}` };
  }
  answers.default = { $ref: '#/components/responses/Problem' };
  return answers;
}
