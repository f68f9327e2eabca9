import { AuditLog, disclosedFields, fieldsDisclosedBy, type AuditRecord } from '../audit/audit-log';
import { patchedFields, type CreateUserRequest, type UserPatch } from '../canonical/input';
import type { TenantRegistry } from '../connections/tenant-registry';
import { toGatewayError } from '../errors';
import type { InboundContext, LookupRequest, UserService } from './service';

export type UserOperations = Pick<UserService, 'get' | 'find' | 'create' | 'update' | 'delete'>;

type Described = Pick<AuditRecord, 'connections' | 'userIds' | 'fields'> & { searchedBy?: string };

/** The user operations, each recorded on the audit log whether it succeeds, is denied or fails. */
export class AuditedUserService implements UserOperations {
  constructor(
    private readonly users: UserService,
    private readonly audit: AuditLog,
    private readonly registry: TenantRegistry,
  ) {}

  get(globalId: string, context: InboundContext) {
    const target = this.target(globalId, context);
    return this.audited(
      'user.read',
      context,
      target,
      () => this.users.get(globalId, context),
      (read) => ({ ...target, fields: fieldsDisclosedBy(read.value) }),
    );
  }

  find(request: LookupRequest, context: InboundContext) {
    const searchedBy = (['email', 'phone', 'nationalId'] as const).find((key) => request[key] !== undefined) ?? 'none';
    const before = { connections: request.connections ?? [], userIds: [], fields: [], searchedBy };
    return this.audited(
      'user.search',
      context,
      before,
      () => this.users.find(request, context),
      (result) => ({
        connections: Object.keys(result.connections),
        userIds: result.data.map((user) => user.id),
        fields: disclosedFields(result.data),
        searchedBy,
      }),
    );
  }

  create(request: CreateUserRequest, idempotencyKey: string | undefined, context: InboundContext) {
    const before = { connections: [request.connection], userIds: [], fields: patchedFields(request.user) };
    return this.audited(
      'user.create',
      context,
      before,
      () => this.users.create(request, idempotencyKey, context),
      (outcome) => ({
        ...before,
        userIds: [outcome.user.id],
      }),
    );
  }

  update(globalId: string, patch: UserPatch, context: InboundContext) {
    const target = { ...this.target(globalId, context), fields: patchedFields(patch) };
    return this.audited(
      'user.update',
      context,
      target,
      () => this.users.update(globalId, patch, context),
      () => target,
    );
  }

  delete(globalId: string, context: InboundContext) {
    const target = this.target(globalId, context);
    return this.audited(
      'user.delete',
      context,
      target,
      () => this.users.delete(globalId, context),
      () => target,
    );
  }

  private async audited<T>(action: string, context: InboundContext, before: Described, work: () => Promise<T>, after: (result: T) => Described): Promise<T> {
    try {
      const result = await work();
      this.audit.record(context, { action, ...after(result), outcome: 'ok', status: 200 });
      return result;
    } catch (error) {
      const { status } = toGatewayError(error);
      this.audit.record(context, { action, ...before, outcome: status === 401 || status === 403 ? 'denied' : 'failed', status });
      throw error;
    }
  }

  /** A crafted id may hold anything (an email, say): only an id that resolves in the request's tenant is written down. */
  private target(globalId: string, context: InboundContext): Described {
    try {
      const { entry, providerUserId } = this.registry.forTenant(context.tenant).parseUserId(globalId);
      return { connections: [entry.name], userIds: [`${entry.name}:${providerUserId}`], fields: [] };
    } catch {
      return { connections: [], userIds: [], fields: [] };
    }
  }
}
