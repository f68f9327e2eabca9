import type { ConnectionAudit } from '../audit/connection-audit';
import { canReach, hasScope, requireScope, type Principal } from '../auth/principal';
import { DEFAULT_TENANT } from '../auth/tenant';
import { GatewayError } from '../errors';
import type { InboundContext } from '../users/service';
import type { AdapterDefinition } from './adapter';
import { mergePatch, orderedTimeouts, readCredentials, readNewConnection, readOptions, readPatch } from './admin-input';
import type { BaseUrlPolicy } from './base-url-policy';
import { sealCredentials, unsealCredentials } from './credentials';
import type { CredentialHealth } from './health';
import { describeOperation } from './operations';
import type { Connection, ConnectionRegistry } from './registry';
import { storedConnectionState } from './state';
import type { StoredConnections } from './stored-connections';
import { StoreConflictError, StoreError, StoreNotFoundError, type ConnectionState, type StoredConnection, type StoredConnectionChanges } from './store/types';
import type { CredentialsVerifier, Verification, VerificationTarget } from './verify';

export interface ConnectionAdminDependencies {
  adapters: readonly AdapterDefinition[];
  /** The config file's connections: the default tenant's, read-only here. */
  declared: ConnectionRegistry;
  /** Absent when the gateway keeps no stored connections: then every change is 503. */
  stored?: StoredConnections;
  baseUrls: BaseUrlPolicy;
  verifier: CredentialsVerifier;
  health?: CredentialHealth;
  audit: ConnectionAudit;
}

/** A connection as the API shows it (DESIGN §8); the settings and health only to `connections:admin`, credentials never. */
export interface ConnectionView {
  name: string;
  adapter: string;
  docsUrl: string;
  source: 'declared' | 'stored';
  state: ConnectionState;
  capabilities: Record<string, unknown>;
  health: { breaker?: string };
  baseUrl?: string;
  options?: Record<string, unknown>;
  timeouts?: { attemptMs?: number; totalMs?: number };
  enabled?: boolean;
  /** Stored connections only: which credentials (a keyed fingerprint) and since when; declared ones are in the config file. */
  credentials?: { fingerprint: string; updatedAt: string } | null;
  lastVerifiedAt?: string | null;
  lastError?: { code: string; status?: number; at: string } | null;
}

/** What `POST /v1/connections/{name}/verify` answers. */
export interface VerifyAnswer {
  ok: boolean;
  checkedAt: string;
  error?: { code: string; detail: string; providerError?: { status: number; code?: string } };
}

/**
 * The admin API's logic (DESIGN §8): tenants' connections created, read, changed, verified and
 * deleted as data, within the request's tenant. Credentials come in, are checked live with the
 * provider, sealed and stored; they never go out again (not in an answer, a log line, an audit
 * line or an error). Every change is one audit line naming the fields it touched.
 */
export class ConnectionAdmin {
  private readonly adapters: ReadonlyMap<string, AdapterDefinition>;

  constructor(private readonly deps: ConnectionAdminDependencies) {
    this.adapters = new Map(deps.adapters.map((adapter) => [adapter.name, adapter]));
  }

  /** The tenant's connections this token may reach, by name: `default` has the declared ones too. */
  list(context: InboundContext): ConnectionView[] {
    const admin = hasScope(context.principal, 'connections:admin');
    const declared = this.declaredIn(context).map((connection) => declaredView(connection, admin));
    const stored = (this.deps.stored?.catalog.list(context.tenant) ?? [])
      .filter((record) => canReach(context.principal, record.name) && this.adapters.has(record.adapter))
      .map((record) => this.storedView(record, admin));
    return [...declared, ...stored];
  }

  get(context: InboundContext, name: string): ConnectionView {
    const admin = hasScope(context.principal, 'connections:admin');
    const declared = this.declaredNamed(context, name);
    if (declared) return declaredView(declared, admin);
    return this.storedView(this.storedNamed(context, name), admin);
  }

  async create(context: InboundContext, body: unknown, options: { verify: boolean }): Promise<ConnectionView> {
    requireScope(context.principal, 'connections:admin');
    const stored = this.requireStore();
    const input = readNewConnection(body, this.deps.adapters);
    this.requireReachable(context.principal, input.name);
    if (this.declaredNamed(context, input.name) || stored.catalog.get(context.tenant, input.name)) throw nameTaken(input.name);
    this.deps.baseUrls.check(input.adapter.name, input.baseUrl);
    const verification = options.verify ? await this.verifyOrRefuse({ ...input }, context.signal) : undefined;
    const record = await storeCall(() =>
      stored.store.create({
        tenant: context.tenant,
        name: input.name,
        adapter: input.adapter.name,
        baseUrl: input.baseUrl,
        options: input.options,
        timeouts: input.timeouts,
        enabled: input.enabled,
        ...sealCredentials(input.credentials, context.tenant, input.name, stored.keyRing),
      }),
    );
    if (verification) await this.recordVerified(record, verification);
    this.audit(context, 'connection.created', input.name, ['adapter', 'baseUrl', 'credentials', 'options', 'timeouts', 'enabled']);
    return this.storedView(await this.fresh(record), true);
  }

  async update(context: InboundContext, name: string, body: unknown, options: { verify: boolean }): Promise<ConnectionView> {
    requireScope(context.principal, 'connections:admin');
    this.refuseDeclared(context, name);
    const stored = this.requireStore();
    const current = this.storedNamed(context, name);
    const adapter = this.adapterOf(current);
    const patch = readPatch(body);
    const changes: StoredConnectionChanges = {};
    const fields: string[] = [];
    if (patch.baseUrl !== undefined && patch.baseUrl !== current.baseUrl) {
      this.deps.baseUrls.check(adapter.name, patch.baseUrl);
      changes.baseUrl = patch.baseUrl;
      fields.push('baseUrl');
    }
    if (patch.options) {
      changes.options = readOptions(adapter, mergePatch(current.options, patch.options));
      fields.push(...changedKeys('options', current.options, changes.options));
    }
    if (patch.timeouts) {
      const timeouts = orderedTimeouts(mergePatch({ ...current.timeouts }, patch.timeouts));
      changes.timeouts = timeouts;
      fields.push(...changedKeys('timeouts', { ...current.timeouts }, { ...timeouts }));
    }
    if (patch.enabled !== undefined && patch.enabled !== current.enabled) {
      changes.enabled = patch.enabled;
      fields.push('enabled');
    }
    let verification: Verification | undefined;
    if (patch.credentials) {
      const credentials = readCredentials(adapter, patch.credentials);
      const target = { name, adapter, credentials, baseUrl: changes.baseUrl ?? current.baseUrl, options: changes.options ?? current.options };
      if (options.verify) verification = await this.verifyOrRefuse({ ...target, timeouts: changes.timeouts ?? current.timeouts }, context.signal);
      changes.credentials = sealCredentials(credentials, context.tenant, name, stored.keyRing);
      fields.push('credentials');
    }
    if (fields.length === 0) return this.storedView(current, true);
    const record = await storeCall(() => stored.store.update(context.tenant, name, changes));
    if (verification) await this.recordVerified(record, verification);
    this.audit(context, 'connection.updated', name, fields);
    return this.storedView(await this.fresh(record), true);
  }

  async remove(context: InboundContext, name: string): Promise<void> {
    requireScope(context.principal, 'connections:admin');
    this.refuseDeclared(context, name);
    const stored = this.requireStore();
    this.storedNamed(context, name);
    if (!(await storeCall(() => stored.store.delete(context.tenant, name)))) throw notFound();
    await stored.catalog.refresh();
    this.audit(context, 'connection.deleted', name, []);
  }

  /** One authenticated read-only call now, with the connection's current credentials; what it found is kept as the connection's health. */
  async verify(context: InboundContext, name: string): Promise<VerifyAnswer> {
    requireScope(context.principal, 'connections:admin');
    const declared = this.declaredNamed(context, name);
    let verification: Verification;
    if (declared) {
      const { baseUrl, credentials, options, timeouts } = declared.config;
      verification = await this.deps.verifier.verify({ name, adapter: declared.adapter, baseUrl, credentials, options, timeouts }, context.signal);
    } else {
      const record = this.storedNamed(context, name);
      const credentials = unsealCredentials(record, this.requireStore().keyRing);
      verification = credentials
        ? await this.deps.verifier.verify({ ...record, adapter: this.adapterOf(record), credentials }, context.signal)
        : { ok: false, checkedAt: new Date().toISOString(), refused: false, error: unreadable() };
    }
    this.audit(context, 'connection.verified', name, verification.ok ? ['lastVerifiedAt'] : ['lastError'], { ok: verification.ok });
    if (!declared) await storeCall(() => this.deps.health?.verified(context.tenant, name, verification, context.requestId) ?? Promise.resolve());
    return verifyAnswer(verification);
  }

  private async verifyOrRefuse(target: VerificationTarget, signal: AbortSignal): Promise<Verification> {
    const verification = await this.deps.verifier.verify(target, signal);
    if (verification.ok) return verification;
    const { error } = verification;
    if (!verification.refused) {
      throw error.with(
        {},
        `The credentials could not be checked, so nothing was stored: ${error.message} (try again, or pass verify=false to store them unchecked).`,
      );
    }
    const said = error.providerError ? ` It answered ${error.providerError.status}${error.providerError.code ? ` (${error.providerError.code})` : ''}.` : '';
    throw new GatewayError('credentials_refused', `The provider refused these credentials, so nothing was stored: ${error.message}${said}`, {
      origin: 'provider',
      providerError: error.providerError,
    });
  }

  private async recordVerified(record: StoredConnection, verification: Verification): Promise<void> {
    await storeCall(() => this.requireStore().store.recordHealth(record.tenant, record.name, { lastVerifiedAt: verification.checkedAt }));
  }

  /** The record as the catalog holds it once caught up: this instance sees its own write at once. */
  private async fresh(record: StoredConnection): Promise<StoredConnection> {
    const { catalog } = this.requireStore();
    await catalog.refresh();
    return catalog.get(record.tenant, record.name) ?? record;
  }

  private declaredIn(context: InboundContext): Connection[] {
    return context.tenant === DEFAULT_TENANT ? this.deps.declared.visibleTo(context.principal).list() : [];
  }

  private declaredNamed(context: InboundContext, name: string): Connection | undefined {
    return this.declaredIn(context).find((connection) => connection.name === name);
  }

  /** Another tenant's connection, or one the token may not reach, is answered as one that does not exist. */
  private storedNamed(context: InboundContext, name: string): StoredConnection {
    const record = canReach(context.principal, name) ? this.deps.stored?.catalog.get(context.tenant, name) : undefined;
    if (!record || !this.adapters.has(record.adapter)) throw notFound();
    return record;
  }

  private refuseDeclared(context: InboundContext, name: string): void {
    if (this.declaredNamed(context, name)) {
      throw new GatewayError('conflict', 'This connection is declared in the config file: change it there.', { extensions: { source: 'declared' } });
    }
  }

  private requireReachable(principal: Principal, name: string): void {
    if (!canReach(principal, name)) throw new GatewayError('forbidden', 'This token is limited to other connections.');
  }

  private requireStore(): StoredConnections {
    if (!this.deps.stored) throw new GatewayError('store_unavailable', 'This gateway keeps no stored connections.');
    return this.deps.stored;
  }

  private adapterOf(record: StoredConnection): AdapterDefinition {
    const adapter = this.adapters.get(record.adapter);
    if (!adapter) throw notFound();
    return adapter;
  }

  private storedView(record: StoredConnection, admin: boolean): ConnectionView {
    const adapter = this.adapterOf(record);
    const view: ConnectionView = {
      name: record.name,
      adapter: adapter.name,
      docsUrl: adapter.docsUrl,
      source: 'stored',
      state: storedConnectionState(record, this.requireStore().keyRing),
      capabilities: {
        ...adapter.capabilities,
        operations: (adapter.operations ?? []).map((operation) => describeOperation(record.name, operation)),
      },
      health: {},
    };
    if (!admin) return view;
    return {
      ...view,
      baseUrl: record.baseUrl,
      options: record.options,
      timeouts: record.timeouts,
      enabled: record.enabled,
      credentials: { fingerprint: record.credentialsFingerprint, updatedAt: record.credentialsUpdatedAt },
      lastVerifiedAt: record.lastVerifiedAt,
      lastError: record.lastError,
    };
  }

  private audit(
    context: InboundContext,
    event: Parameters<ConnectionAudit['record']>[0]['event'],
    name: string,
    fields: string[],
    extra: { ok?: boolean } = {},
  ) {
    this.deps.audit.record({
      event,
      tenant: context.tenant,
      connection: name,
      actor: context.principal.subject,
      fields,
      requestId: context.requestId,
      ...extra,
    });
  }
}

function declaredView(connection: Connection, admin: boolean): ConnectionView {
  const view: ConnectionView = {
    name: connection.name,
    adapter: connection.adapter.name,
    docsUrl: connection.adapter.docsUrl,
    source: 'declared',
    state: 'active',
    capabilities: {
      ...connection.capabilities,
      operations: (connection.provider.operations ?? []).map((operation) => describeOperation(connection.name, operation)),
    },
    health: { breaker: connection.http.breaker.state },
  };
  if (!admin) return view;
  const { baseUrl, options, timeouts } = connection.config;
  return { ...view, baseUrl, options, timeouts, enabled: true, credentials: null, lastVerifiedAt: null, lastError: null };
}

/** `options.pageSize`, `timeouts.totalMs`: the members whose value differs, named, never shown. */
function changedKeys(prefix: string, before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).map((key) => `${prefix}.${key}`);
}

function verifyAnswer(verification: Verification): VerifyAnswer {
  if (verification.ok) return { ok: true, checkedAt: verification.checkedAt };
  const { error } = verification;
  return {
    ok: false,
    checkedAt: verification.checkedAt,
    error: {
      code: error.code,
      detail: error.message,
      ...(error.providerError && {
        providerError: { status: error.providerError.status, ...(error.providerError.code !== undefined && { code: error.providerError.code }) },
      }),
    },
  };
}

/** Store failures as the API answers them: 409 for a name taken meanwhile, 404 for one deleted meanwhile, 503 while it does not answer. */
async function storeCall<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof StoreConflictError) throw nameTaken();
    if (error instanceof StoreNotFoundError) throw notFound();
    if (error instanceof StoreError)
      throw new GatewayError('store_unavailable', 'The connection store does not answer; try again shortly.', { retryAfter: 1, cause: error });
    throw error;
  }
}

function nameTaken(name?: string): GatewayError {
  const message = `"name" is taken: this tenant already has a connection${name === undefined ? '' : ` named ${JSON.stringify(name)}`}`;
  return new GatewayError('conflict', `${message}.`, { extensions: { invalidFields: [{ field: 'name', message }] } });
}

function notFound(): GatewayError {
  return new GatewayError('not_found', 'This tenant has no connection of that name.');
}

function unreadable(): GatewayError {
  return new GatewayError('provider_unavailable', 'No configured key opens these credentials: configure their key, or rotate them.');
}
