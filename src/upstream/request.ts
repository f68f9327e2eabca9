/** The shape of one outbound call, as an adapter describes it and as an authenticator sees it. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type QueryValue = string | number | boolean | undefined;

export interface UpstreamRequest {
  /** A stable name for metrics and logs (`getUser`, `findUser`, ...); never holds data. */
  operation: string;
  method: HttpMethod;
  /** Path below the connection's base URL; build it with `path` so every value is one segment. */
  path: string;
  /** Query parameters in order, or a pre-built query string when a provider needs exact syntax. */
  query?: Record<string, QueryValue> | string;
  json?: unknown;
  form?: Record<string, string>;
  body?: { bytes: Buffer; contentType: string };
  headers?: Record<string, string>;
  /** Safe to repeat: only such calls are ever retried. */
  idempotent?: boolean;
  /** The answer may be binary (a PDF, an image): its body is also kept as raw bytes (`UpstreamResponse.bytes`). */
  binaryAnswer?: boolean;
  /** Per-call credentials, computed for each attempt from the exact bytes that will be sent. */
  authorize?: Authorizer;
}

/** What an authenticator may sign: the request exactly as it will go on the wire. */
export interface PreparedRequest {
  method: HttpMethod;
  /** Path and query exactly as sent, without scheme or host. */
  requestUri: string;
  host: string;
  port: number;
  protocol: 'http:' | 'https:';
  body?: Buffer;
  contentType?: string;
}

export type Authorizer = (request: PreparedRequest) => Record<string, string> | Promise<Record<string, string>>;

/**
 * Builds a path whose interpolated values are each encoded as exactly one segment. Dot segments
 * are refused outright: URL parsing resolves `..` (and `%2e%2e`) however it is encoded.
 */
export function path(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return strings.reduce((out, literal, index) => {
    if (index >= values.length) return out + literal;
    const value = String(values[index]);
    if (value === '.' || value === '..' || value === '') throw new Error('refusing an empty or dot path segment');
    return out + literal + encodeURIComponent(value);
  }, '');
}

export function buildQuery(query: UpstreamRequest['query']): string {
  if (query === undefined) return '';
  if (typeof query === 'string') return query;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.append(key, String(value));
  }
  return params.toString();
}
