import type { FieldOrigin, FieldPath } from '../../canonical/provenance';
import type { CanonicalUser } from '../../canonical/user';
import {
  createGatewayClient,
  idempotencyKey,
  newIdempotencyKey,
  type GatewayClient as TypedClient,
  type GatewayClientOptions,
  type GatewayResult,
} from '../../client';

/**
 * The gateway's /v1 API as the two ops tools read it: the browser console (same origin, so no base
 * URL) and the `usergate` CLI. The requests are the typed client's; the types below are the wire
 * format (the OpenAPI document) only as far as the tools' views read it.
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
  health: { breaker?: 'closed' | 'half-open' | 'open' };
}

export interface CreateUserRequest {
  connection: string;
  user: Record<string, unknown>;
}

export interface GatewayAnswer<T> {
  body: T;
  /** The body as JSON text, for `--json`: the gateway writes JSON.stringify's output, so this is the text it sent. */
  text: string;
}

/**
 * The calls the two tools make, over the typed client (`usergate/client`). Each answer's type here is
 * what the views read; the compiler checks that the OpenAPI document's type of it fits.
 */
export class GatewayClient {
  /** The typed client itself, for the routes the methods here do not name (the admin API's, in connections-admin.ts). */
  readonly gateway: TypedClient;

  constructor(options: GatewayClientOptions) {
    this.gateway = createGatewayClient(options);
  }

  connections(signal?: AbortSignal): Promise<GatewayAnswer<{ data: ConnectionDescription[] }>> {
    return answer(this.gateway.GET('/v1/connections', { signal }));
  }

  findUsers(lookup: Lookup, signal?: AbortSignal): Promise<GatewayAnswer<FanOut>> {
    return answer(this.gateway.GET('/v1/users', { params: { query: lookupQuery(lookup) }, signal }));
  }

  findPeople(lookup: Lookup, signal?: AbortSignal): Promise<GatewayAnswer<People>> {
    // A link's `accounts` are exactly two (minItems and maxItems 2): openapi-fetch's types widen that pair to an array.
    return answer(this.gateway.GET('/v1/people', { params: { query: lookupQuery(lookup) }, signal }) as Promise<GatewayResult<People>>);
  }

  getUser(id: string, signal?: AbortSignal): Promise<GatewayAnswer<CanonicalUser>> {
    return answer(this.gateway.GET('/v1/users/{id}', { params: { path: { id } }, signal }));
  }

  getUserWithProvenance(id: string, signal?: AbortSignal): Promise<GatewayAnswer<UserWithProvenance>> {
    // One answer type serves both reads, so `provenance` is optional there; asked for, it is always sent.
    const pending = this.gateway.GET('/v1/users/{id}', { params: { path: { id }, query: { include: 'provenance' } }, signal });
    return answer(pending as Promise<GatewayResult<UserWithProvenance>>);
  }

  /**
   * The new user, or only its id for a token without `users:read`. Always under an Idempotency-Key (a
   * new one unless given), so that the client's retries after a 429 or 503 never create a second user.
   */
  createUser(request: CreateUserRequest, key: string = newIdempotencyKey()): Promise<GatewayAnswer<CanonicalUser | { id: string }>> {
    return answer(this.gateway.POST('/v1/users', { body: request, params: { header: idempotencyKey(key) } }));
  }
}

/** The body of a 2xx answer; a failure thrown as the GatewayProblem it is. */
export async function answer<T>(pending: Promise<GatewayResult<T>>): Promise<GatewayAnswer<T>> {
  const { data, error } = await pending;
  if (error) throw error;
  return { body: data, text: data === undefined ? '' : JSON.stringify(data) };
}

function lookupQuery({ connections, ...lookup }: Lookup): Record<string, string> {
  return { ...lookup, ...(connections?.length && { connections: connections.join(',') }) };
}
