import type { FieldOrigin, FieldPath } from '../../canonical/provenance';
import type { CanonicalUser } from '../../canonical/user';

/**
 * A small client of the gateway's /v1 API for the two ops tools: the browser console (same
 * origin, so no base URL) and the `usergate` CLI (Node's fetch). It has no DOM and no Node
 * dependency. The types describe the wire format (the OpenAPI document), only as far as the tools read it.
 */

export type Lookup = ({ email: string } | { phone: string } | { nationalId: string; nationality: string }) & {
  connections?: string[];
};

export type ConnectionOutcome =
  | { status: 'ok'; count: number; exists?: boolean; truncated?: true; latencyMs: number }
  | { status: 'unsupported' }
  | { status: 'error'; error: { code: string; status: number }; latencyMs: number };

/** `GET /v1/users?...`: the users found, and what happened at each connection. */
export interface FanOut {
  data: CanonicalUser[];
  connections: Record<string, ConnectionOutcome>;
}

/** Where one field's value came from: the connection, the provider's field and what the adapter did to it. */
export type ValueSource = Omit<FieldOrigin, 'value'>;

/** `GET /v1/users/{id}?include=provenance`: the user, and where each field that has a value came from. */
export type UserWithProvenance = CanonicalUser & { provenance: Partial<Record<FieldPath, FieldOrigin>> };

/** A merged field: agreed by every account that has it, or a conflict the gateway lists and never resolves. */
export type MergedField = { value: unknown; sources: ValueSource[] } | { value: null; conflict: FieldOrigin[] };

export type MergedRecord = Partial<Record<FieldPath, MergedField>>;

export interface AccountPair {
  /** Global ids. */
  accounts: [string, string];
  reasons: string[];
  /** Canonical field paths the two accounts disagree on. */
  conflicting: string[];
}

/** An account at a provider that only says whether one exists. */
export interface ExistsOnly {
  connection: string;
  /** The adapter, for the provider badge (a connection such as `wallet-eu` is named by its config). */
  provider: string;
  matchedBy: 'email' | 'phone' | 'nationalId';
}

export interface Person {
  id: string;
  confidence: 'single' | 'medium' | 'high';
  accounts: string[];
  links: (AccountPair & { confidence: 'medium' | 'high' })[];
  record: MergedRecord;
  elsewhere: ExistsOnly[];
}

/** `GET /v1/people?...`: the fan-out's accounts grouped into people, with the pairs that only partly match. */
export interface People {
  data: Person[];
  candidates: AccountPair[];
  /** Exists-only accounts that cannot be given to one person (none or several were found). */
  existsOnly: ExistsOnly[];
  accounts: CanonicalUser[];
  connections: Record<string, ConnectionOutcome>;
}

export interface ConnectionDescription {
  name: string;
  adapter: string;
  capabilities: {
    get: boolean;
    lookup: ('email' | 'phone' | 'nationalId')[];
    lookupMode: 'users' | 'exists';
    create: boolean;
    update: boolean;
    delete: boolean;
  };
  health: { breaker: 'closed' | 'half-open' | 'open' };
}

export interface CreateUserRequest {
  connection: string;
  user: Record<string, unknown>;
}

export interface GatewayAnswer<T> {
  body: T;
  /** The body exactly as the gateway sent it (`--json` prints it unchanged). */
  text: string;
  latencyMs: number;
}

/** The gateway answered with an error (its problem `code`), or did not answer at all (`status` 0). */
export class GatewayCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error body as sent, when there was one. */
    readonly text?: string,
  ) {
    super(message);
    this.name = 'GatewayCallError';
  }

  get unreachable(): boolean {
    return this.status === 0;
  }
}

export interface GatewayClientOptions {
  /** Origin of the gateway; empty in the browser, where the console is served by the gateway itself. */
  baseUrl?: string;
  token: string;
  timeoutMs?: number;
}

export class GatewayClient {
  constructor(private readonly options: GatewayClientOptions) {}

  connections(signal?: AbortSignal): Promise<GatewayAnswer<{ data: ConnectionDescription[] }>> {
    return this.call('GET', '/v1/connections', { signal });
  }

  findUsers(lookup: Lookup, signal?: AbortSignal): Promise<GatewayAnswer<FanOut>> {
    return this.call('GET', `/v1/users?${lookupParameters(lookup)}`, { signal });
  }

  findPeople(lookup: Lookup, signal?: AbortSignal): Promise<GatewayAnswer<People>> {
    return this.call('GET', `/v1/people?${lookupParameters(lookup)}`, { signal });
  }

  getUser(id: string, signal?: AbortSignal): Promise<GatewayAnswer<CanonicalUser>> {
    return this.call('GET', userPath(id), { signal });
  }

  getUserWithProvenance(id: string, signal?: AbortSignal): Promise<GatewayAnswer<UserWithProvenance>> {
    return this.call('GET', `${userPath(id)}?include=provenance`, { signal });
  }

  /** The new user, or only its id for a token without `users:read`. */
  createUser(request: CreateUserRequest, idempotencyKey?: string): Promise<GatewayAnswer<CanonicalUser | { id: string }>> {
    return this.call('POST', '/v1/users', { body: request, headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {} });
  }

  /** Any call of the /v1 API; the named methods above and in connections-admin.ts are the ones the tools make. */
  async call<T>(method: string, path: string, request: { signal?: AbortSignal; body?: unknown; headers?: Record<string, string> }): Promise<GatewayAnswer<T>> {
    const started = performance.now();
    const signals = [request.signal, this.options.timeoutMs ? AbortSignal.timeout(this.options.timeoutMs) : undefined];
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl ?? ''}${path}`, {
        method,
        headers: {
          Accept: 'application/json',
          Authorization: `Bearer ${this.options.token}`,
          ...(request.body !== undefined && { 'Content-Type': 'application/json' }),
          ...request.headers,
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.any(signals.filter((signal) => signal !== undefined)),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (error) {
      // The caller gave up (a newer search): not a failure to report.
      if (request.signal?.aborted) throw error;
      throw new GatewayCallError(0, 'unreachable', whyUnanswered(error, this.options.timeoutMs));
    }
    const text = await response.text();
    if (!response.ok) throw problemError(response, text);
    // A 204 (a deleted connection) has no body.
    return { body: (text ? JSON.parse(text) : undefined) as T, text, latencyMs: Math.round(performance.now() - started) };
  }
}

/** One path segment, whatever the id holds. */
function userPath(id: string): string {
  return `/v1/users/${encodeURIComponent(id)}`;
}

function lookupParameters(lookup: Lookup): string {
  const { connections, ...query } = lookup;
  const parameters = new URLSearchParams(query as Record<string, string>);
  if (connections?.length) parameters.set('connections', connections.join(','));
  return parameters.toString();
}

function problemError(response: Response, text: string): GatewayCallError {
  const problem = parseJson(text) as { code?: unknown; detail?: unknown } | undefined;
  if (typeof problem?.code === 'string') {
    return new GatewayCallError(response.status, problem.code, typeof problem.detail === 'string' ? problem.detail : '', text);
  }
  return new GatewayCallError(
    response.status,
    `http_${response.status}`,
    `The server answered ${response.status} without a problem document: is this the gateway?`,
    text,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function whyUnanswered(error: unknown, timeoutMs: number | undefined): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${Math.round((timeoutMs ?? 0) / 1000)} s`;
  // Node's fetch puts the socket error (ECONNREFUSED, ENOTFOUND...) in `cause`; browsers say little.
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
