import { createHash } from 'node:crypto';
import { requireScope, SCOPES, scopeKey, type Principal } from '../auth/principal';
import { tenantClientKey } from '../auth/tenant';
import type { CachePolicy, CachedRead, ReadCache } from '../cache/read-cache';
import type { CreateUserRequest, UserPatch } from '../canonical/input';
import type { CanonicalUser } from '../canonical/user';
import type { LookupKey, LookupQuery } from '../connections/adapter';
import { callConnection, type InboundSignal } from '../connections/call';
import type { Connection, ConnectionEntry, ConnectionRegistry } from '../connections/registry';
import type { TenantRegistry } from '../connections/tenant-registry';
import { GatewayError, toGatewayError } from '../errors';
import { ANSWER_LIMITS } from '../limits';
import type { IdempotencyKeys } from './idempotency';
import { projectUser, toCanonicalUser } from './projection';

export interface InboundContext extends InboundSignal {
  principal: Principal;
  /** The one tenant the request acts in (DESIGN §8). */
  tenant: string;
}

export interface LookupRequest extends LookupQuery {
  connections?: string[];
}

export type ConnectionOutcome =
  /** `count`: the accounts of this connection in the answer; `truncated`: it found more than the answer could carry. */
  | { status: 'ok'; count: number; exists?: boolean; truncated?: true; latencyMs: number }
  | { status: 'unsupported' }
  | { status: 'error'; error: { code: string; status: number }; latencyMs: number };

export interface FanOutResult {
  data: CanonicalUser[];
  connections: Record<string, ConnectionOutcome>;
}

export interface CreateOutcome {
  status: number;
  user: CanonicalUser;
  replayed: boolean;
}

/** The canonical user operations, over the connections of the request's tenant. */
export class UserService {
  constructor(
    private readonly registry: TenantRegistry,
    private readonly idempotency: IdempotencyKeys,
    private readonly cache: ReadCache,
    private readonly cachePolicy: (connection: Connection) => CachePolicy | undefined,
  ) {}

  /** One user, from the read cache when fresh (or stale while the provider fails). */
  async get(globalId: string, context: InboundContext): Promise<CachedRead<CanonicalUser>> {
    const { principal } = context;
    requireScope(principal, 'users:read');
    const { connection, providerUserId } = this.within(context).resolveUserId(globalId);
    const getUser = this.operation(connection, 'getUser');
    // NOTE: a shared load must not die with whichever client started it; only the deadline bounds it.
    const load = async () => {
      const fields = await callConnection(connection, { ...context, signal: NEVER_ABORTED }, (call) => getUser(providerUserId, call));
      return projectUser(toCanonicalUser(connection, fields), principal);
    };
    const key = userCacheKey(connection.stateKey, providerUserId, scopeKey(principal));
    const policy = this.cachePolicy(connection);
    if (policy) return this.cache.read(key, policy, load);
    const { value, joined } = await this.cache.coalesce(key, load);
    return { value, result: joined ? 'collapsed' : 'bypass' };
  }

  async find(request: LookupRequest, context: InboundContext): Promise<FanOutResult> {
    requireScope(context.principal, 'users:read');
    const key = lookupKey(request);
    if (key === 'nationalId') requireScope(context.principal, 'users:pii');
    const query: LookupQuery = { [key]: request[key], ...(key === 'nationalId' ? { nationality: request.nationality } : {}) };
    const targets = this.lookupTargets(request.connections, context);
    const outcomes = await Promise.all(targets.map(async (entry) => ({ entry, ...(await this.lookupAt(entry, key, query, context)) })));
    // The first accounts, connection by connection, up to the cap; a connection whose accounts were cut says so.
    const result: FanOutResult = { data: [], connections: {} };
    for (const { entry, users, outcome } of outcomes) {
      const kept = users.slice(0, ANSWER_LIMITS.accounts - result.data.length);
      result.data.push(...kept);
      result.connections[entry.name] = outcome.status === 'ok' && kept.length < users.length ? { ...outcome, count: kept.length, truncated: true } : outcome;
    }
    return result;
  }

  async create(request: CreateUserRequest, idempotencyKey: string | undefined, context: InboundContext): Promise<CreateOutcome> {
    const { principal } = context;
    requireScope(principal, 'users:write');
    const connection = this.within(context).get(request.connection);
    if (!connection) throw noSuchConnection(request.connection);
    const createUser = this.operation(connection, 'createUser');
    const options = validateCreateOptions(connection, request.options);
    // The state key is the name for declared connections (the digest they always had) and carries the tenant for stored ones.
    const forwardedKey = idempotencyKey === undefined ? undefined : `usergate-${digest(`${principal.subject}\n${connection.stateKey}\n${idempotencyKey}`)}`;
    const input = { user: request.user, password: request.password, options, ...(forwardedKey && { idempotencyKey: forwardedKey }) };
    const work = async () => {
      const fields = await callConnection(connection, context, (call) => createUser(input, call));
      return { status: 201, body: toCanonicalUser(connection, fields) };
    };
    const outcome = idempotencyKey
      ? await this.idempotency.run(tenantClientKey(principal, context.tenant), idempotencyKey, request, work, this.findCreated(connection, request, context))
      : { ...(await work()), replayed: false };
    return { status: outcome.status, user: projectUser(outcome.body as CanonicalUser, principal), replayed: outcome.replayed };
  }

  /**
   * How to tell whether an unanswered create happened: look its email up at the connection,
   * where the provider can say who has it (not an exists-only lookup).
   */
  private findCreated(connection: Connection, request: CreateUserRequest, context: InboundContext) {
    const { provider, capabilities } = connection;
    const findUsers = provider.findUsers?.bind(provider);
    const email = request.user.email;
    if (!findUsers || !email || !capabilities.lookup.includes('email') || capabilities.lookupMode !== 'users') return undefined;
    return async () => {
      const { users } = await callConnection(connection, context, (call) => findUsers({ email }, call));
      if (users.length > 1) {
        throw new GatewayError('conflict', 'Several users have this email at the provider, so whether the first request happened cannot be told.', {
          connection: connection.name,
        });
      }
      return users[0] && { status: 201, body: toCanonicalUser(connection, users[0]) };
    };
  }

  async update(globalId: string, patch: UserPatch, context: InboundContext): Promise<CanonicalUser> {
    requireScope(context.principal, 'users:write');
    const { connection, providerUserId } = this.within(context).resolveUserId(globalId);
    const updateUser = this.operation(connection, 'updateUser');
    try {
      const fields = await callConnection(connection, context, (call) => updateUser(providerUserId, patch, call));
      return projectUser(toCanonicalUser(connection, fields), context.principal);
    } finally {
      await this.forget(connection, providerUserId);
    }
  }

  async delete(globalId: string, context: InboundContext): Promise<void> {
    requireScope(context.principal, 'users:write');
    const { connection, providerUserId } = this.within(context).resolveUserId(globalId);
    const deleteUser = this.operation(connection, 'deleteUser');
    try {
      await callConnection(connection, context, (call) => deleteUser(providerUserId, call));
    } finally {
      await this.forget(connection, providerUserId);
    }
  }

  /** Drops every cached copy of a user (one per scope set) after a write, whatever its outcome. */
  forget(connection: Connection, providerUserId: string): Promise<void> {
    return this.cache.invalidate(SCOPE_SETS.map((scopes) => userCacheKey(connection.stateKey, providerUserId, scopes)));
  }

  /** The connections this request may name: its tenant's, as far as its token reaches. */
  private within(context: InboundContext): ConnectionRegistry {
    return this.registry.forTenant(context.tenant).visibleTo(context.principal);
  }

  /** The provider's implementation of an operation, or 501 when the provider has none. */
  private operation<K extends 'getUser' | 'createUser' | 'updateUser' | 'deleteUser'>(connection: Connection, name: K) {
    const implementation = connection.provider[name];
    if (!implementation) {
      throw new GatewayError('not_supported', `${connection.adapter.name} has no such user operation.`, {
        connection: connection.name,
      });
    }
    return implementation.bind(connection.provider) as NonNullable<Connection['provider'][K]>;
  }

  /** The named connections, or every one a fan-out reaches (a disabled connection only when named). */
  private lookupTargets(requested: string[] | undefined, context: InboundContext): ConnectionEntry[] {
    const visible = this.within(context);
    if (!requested) return visible.entries().filter((entry) => entry.inFanOut);
    return requested.map((name) => {
      const entry = visible.entry(name);
      if (!entry) throw noSuchConnection(name);
      return entry;
    });
  }

  private async lookupAt(entry: ConnectionEntry, searchBy: LookupKey, query: LookupQuery, context: InboundContext) {
    let connection: Connection;
    try {
      connection = entry.open();
    } catch (error) {
      const { code, status } = toGatewayError(error);
      return { users: [], outcome: { status: 'error', error: { code, status }, latencyMs: 0 } as ConnectionOutcome };
    }
    const { provider } = connection;
    const findUsers = provider.findUsers?.bind(provider);
    if (!findUsers || !connection.capabilities.lookup.includes(searchBy)) {
      return { users: [], outcome: { status: 'unsupported' } as ConnectionOutcome };
    }
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    const flight = `lookup:${connection.stateKey}:${searchBy}:${digest(String(query[searchBy]))}:${query.nationality ?? ''}:${scopeKey(context.principal)}`;
    const fanOut = { signal: NEVER_ABORTED, requestId: context.requestId };
    try {
      const { value: found } = await this.cache.coalesce(flight, () => callConnection(connection, fanOut, (call) => findUsers(query, call)));
      // One more than an answer carries is enough to know that it was cut.
      const users = found.users.slice(0, ANSWER_LIMITS.accounts + 1).map((fields) => projectUser(toCanonicalUser(connection, fields), context.principal));
      const outcome: ConnectionOutcome = { status: 'ok', count: users.length, latencyMs: latencyMs() };
      if (found.exists !== undefined) outcome.exists = found.exists;
      return { users, outcome };
    } catch (error) {
      const { code, status } = toGatewayError(error);
      return { users: [], outcome: { status: 'error', error: { code, status }, latencyMs: latencyMs() } as ConnectionOutcome };
    }
  }
}

const NEVER_ABORTED = new AbortController().signal;

function noSuchConnection(name: string): GatewayError {
  return new GatewayError('invalid_request', `There is no connection named "${name}".`);
}

/** Every set of scopes a principal can hold, as scope keys: a user is cached once per set. */
const SCOPE_SETS = Array.from({ length: 2 ** SCOPES.length }, (_, mask) =>
  SCOPES.filter((_scope, bit) => mask & (2 ** bit))
    .sort()
    .join(' '),
);

/**
 * `{...}` is a Redis Cluster hash tag: every scope variant of one user lives in one slot. A
 * connection's state key (DESIGN §8) keeps tenants apart; a declared connection's is its name.
 */
function userCacheKey(stateKey: string, providerUserId: string, scopes: string): string {
  return `cache:{${stateKey}:${providerUserId}}:${scopes}`;
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** The one key a lookup searches by. */
export function lookupKey(request: LookupRequest): LookupKey {
  const [key, ...others] = (['email', 'phone', 'nationalId'] as const).filter((candidate) => request[candidate] !== undefined);
  if (key === undefined || others.length) {
    throw new GatewayError('invalid_request', 'Search by exactly one of email, phone or nationalId.');
  }
  if (request.nationality !== undefined && key !== 'nationalId') {
    throw new GatewayError('invalid_request', 'nationality only qualifies a nationalId search.');
  }
  if (key === 'nationalId' && request.nationality === undefined) {
    throw new GatewayError('invalid_request', 'A nationalId search needs its nationality (ISO 3166-1 alpha-2).');
  }
  return key;
}

/** The client's create options checked by the adapter's schema, its defaults applied: to `{}` when the client sent none. */
function validateCreateOptions(connection: Connection, options: Record<string, unknown> | undefined): unknown {
  const schema = connection.adapter.createOptionsSchema;
  if (!schema) {
    if (options === undefined) return {};
    throw new GatewayError('invalid_request', `${connection.adapter.name} takes no create options.`, { connection: connection.name });
  }
  const result = schema.validate(options ?? {}, { abortEarly: false });
  if (result.error) {
    throw new GatewayError('invalid_request', `options: ${result.error.details.map((detail) => detail.message).join('; ')}`, {
      connection: connection.name,
    });
  }
  return result.value;
}
