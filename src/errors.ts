/**
 * Errors are values with stable codes (DESIGN §3). Everything that can go wrong inside the
 * gateway or at a provider ends up as a GatewayError; the HTTP edge maps it to problem+json once.
 */
export const ERROR_CODES = {
  invalid_request: { status: 400, title: 'Invalid request', retryable: false },
  invalid_user_id: { status: 400, title: 'Invalid user id', retryable: false },
  unauthorized: { status: 401, title: 'Unauthorized', retryable: false },
  forbidden: { status: 403, title: 'Forbidden', retryable: false },
  user_not_found: { status: 404, title: 'User not found', retryable: false },
  not_found: { status: 404, title: 'Not found', retryable: false },
  conflict: { status: 409, title: 'Conflict', retryable: false },
  /** A stored connection's credentials, refused by its provider when checked live (DESIGN §8): nothing was stored. */
  credentials_refused: { status: 422, title: 'Credentials refused by the provider', retryable: false },
  not_supported: { status: 501, title: 'Not supported by this provider', retryable: false },
  rate_limited: { status: 429, title: 'Rate limited', retryable: true },
  provider_unavailable: { status: 503, title: 'Provider unavailable', retryable: true },
  /** The connection store does not answer: connections already open keep serving, changes wait. */
  store_unavailable: { status: 503, title: 'Connection store unavailable', retryable: true },
  provider_timeout: { status: 504, title: 'Provider timed out', retryable: true },
  provider_error: { status: 502, title: 'Provider error', retryable: false },
  internal_error: { status: 500, title: 'Internal error', retryable: false },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export type ErrorOrigin = 'gateway' | 'provider';

export interface ProviderErrorSummary {
  status: number;
  code?: string;
  /** The provider's own id of the request (`Request-Id`, say): what its support asks for. */
  requestId?: string;
  /** The provider wants a human to pass a challenge (a CAPTCHA) before it serves this client again: what to show them. */
  challenge?: ProviderChallenge;
}

export interface ProviderChallenge {
  /** `recaptcha`, say. */
  kind: string;
  /** The challenge's public site key. */
  siteKey?: string;
  /** Where a human passes the challenge (https). */
  url?: string;
}

export interface GatewayErrorOptions {
  status?: number;
  origin?: ErrorOrigin;
  retryable?: boolean;
  connection?: string;
  providerError?: ProviderErrorSummary;
  /** Seconds the client should wait before retrying; becomes a `Retry-After` header. */
  retryAfter?: number;
  /** Extra problem members that help the client fix its request (never upstream bodies). */
  extensions?: Record<string, unknown>;
  /** A write that may have reached the provider although no answer came back (a reset, a timeout). */
  deliveryUnknown?: boolean;
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly origin: ErrorOrigin;
  readonly retryable: boolean;
  readonly connection?: string;
  readonly providerError?: ProviderErrorSummary;
  readonly retryAfter?: number;
  readonly extensions?: Record<string, unknown>;
  readonly deliveryUnknown: boolean;

  constructor(code: ErrorCode, detail: string, options: GatewayErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.status = options.status ?? ERROR_CODES[code].status;
    this.origin = options.origin ?? 'gateway';
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.connection = options.connection;
    this.providerError = options.providerError;
    this.retryAfter = options.retryAfter;
    this.extensions = options.extensions;
    this.deliveryUnknown = options.deliveryUnknown ?? false;
  }

  /** The same error, attributed to a connection (fan-out and single calls both need it). */
  forConnection(connection: string): GatewayError {
    return this.connection === connection ? this : this.with({ connection });
  }

  /** A copy with some options (and perhaps the detail) changed. */
  with(changes: GatewayErrorOptions, detail = this.message): GatewayError {
    return new GatewayError(this.code, detail, { ...this.options(), ...changes });
  }

  private options(): GatewayErrorOptions {
    return {
      status: this.status,
      origin: this.origin,
      retryable: this.retryable,
      connection: this.connection,
      providerError: this.providerError,
      retryAfter: this.retryAfter,
      extensions: this.extensions,
      deliveryUnknown: this.deliveryUnknown,
      cause: this.cause,
    };
  }
}

export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}

/** Any thrown value as a GatewayError; unknown errors become a bare internal_error. */
export function toGatewayError(error: unknown): GatewayError {
  if (isGatewayError(error)) return error;
  return new GatewayError('internal_error', 'The gateway failed to handle this request.', { cause: error });
}
