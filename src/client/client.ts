import createClient, { type FetchResponse, type MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import type { paths } from './generated/openapi';
import { GatewayProblem } from './problem';
import { retryingFetch, type RetryPolicy } from './retry';

export interface GatewayClientOptions {
  /** The gateway's origin, like `https://usergate.example.com`; empty in a page the gateway serves itself. */
  baseUrl?: string;
  /** A gateway token (JWT), sent as `Authorization: Bearer`. */
  token?: string;
  /** Gives up on a call (its retries included) after this many ms: a `GatewayProblem` with status 0. */
  timeoutMs?: number;
  /** Retries of safe calls after 429 and 503 (see retry.ts); `{ attempts: 1 }` turns them off. */
  retry?: RetryPolicy;
  /** The fetch to send with (default: the global one). */
  fetch?: (request: Request) => Promise<Response>;
}

/** A call's outcome: the 2xx body typed by the OpenAPI document, or the failure as a typed value. */
export type GatewayResult<Data> = { data: Data; error?: undefined; response: Response } | { data?: undefined; error: GatewayProblem; response?: Response };

/** The 2xx body of an openapi-fetch answer. */
type SuccessData<Answer> = Answer extends { data: infer Data } ? Data : never;

type InitParam<Init> = RequiredKeysOf<Init> extends never ? [(Init & Record<string, unknown>)?] : [Init & Record<string, unknown>];

/** One HTTP method of the client: the path is one of the document's, the parameters and body are that operation's. */
export type GatewayCall<Method extends HttpMethod> = <Path extends PathsWithMethod<paths, Method>, Init extends MaybeOptionalInit<paths[Path], Method>>(
  path: Path,
  ...init: InitParam<Init>
) => Promise<GatewayResult<SuccessData<FetchResponse<Operation<Path, Method>, Init, MediaType>>>>;

/** The operation at a path and method (PathsWithMethod has already made sure there is one). */
type Operation<Path extends keyof paths, Method extends HttpMethod> = Extract<paths[Path][Method], Record<string, unknown>>;

export interface GatewayClient {
  GET: GatewayCall<'get'>;
  POST: GatewayCall<'post'>;
  PUT: GatewayCall<'put'>;
  PATCH: GatewayCall<'patch'>;
  DELETE: GatewayCall<'delete'>;
}

/** A client of the gateway's HTTP API, typed from its OpenAPI document (openapi-fetch underneath). */
export function createGatewayClient(options: GatewayClientOptions = {}): GatewayClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    fetch: retryingFetch(options.retry, options.fetch),
    headers: { Accept: 'application/json', ...(options.token && { Authorization: `Bearer ${options.token}` }) },
    cache: 'no-store',
    credentials: 'omit',
  });
  // The typed signature is GatewayCall's; openapi-fetch's own generics cannot follow a path chosen at run time.
  const request = client.request as (method: HttpMethod, path: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  const call =
    (method: HttpMethod) =>
    async (path: string, init: { signal?: AbortSignal | null } = {}): Promise<GatewayResult<unknown>> => {
      const timeout = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
      const signals = [init.signal, timeout].filter((signal) => signal instanceof AbortSignal);
      try {
        const answer = await request(method, path, { ...init, signal: signals.length ? AbortSignal.any(signals) : undefined });
        return answer.response.ok
          ? { data: answer.data, response: answer.response }
          : { error: GatewayProblem.fromAnswer(answer.response, answer.error), response: answer.response };
      } catch (error) {
        // The caller gave up (a newer search, say): that is theirs, not a failure of the call.
        if (init.signal?.aborted) throw error;
        return { error: GatewayProblem.unanswered(whyUnanswered(error, options.timeoutMs)) };
      }
    };
  return {
    GET: call('get') as unknown as GatewayCall<'get'>,
    POST: call('post') as unknown as GatewayCall<'post'>,
    PUT: call('put') as unknown as GatewayCall<'put'>,
    PATCH: call('patch') as unknown as GatewayCall<'patch'>,
    DELETE: call('delete') as unknown as GatewayCall<'delete'>,
  };
}

function whyUnanswered(error: unknown, timeoutMs: number | undefined): string {
  // Read by name, not instanceof: the DOMException or TypeError may come from another realm (a test runner's, a worker's).
  const { name, message, cause } = (typeof error === 'object' && error !== null ? error : {}) as { name?: string; message?: string; cause?: unknown };
  if (name === 'TimeoutError') return `no answer within ${(timeoutMs ?? 0) / 1000} s`;
  // Node's fetch puts the socket error (ECONNREFUSED, ENOTFOUND...) in `cause`; browsers say little.
  const socket = (typeof cause === 'object' && cause !== null ? cause : {}) as { code?: string; message?: string };
  return socket.code ?? socket.message ?? message ?? String(error);
}
