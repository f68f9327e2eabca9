import type { Principal } from '../auth/principal';
import { rememberedForFrozen } from '../cache/frozen-memo';
import type { CanonicalUser } from '../canonical/user';
import type { Logger } from '../logging/logger';

/** The canonical fields that are personal data: what a read discloses is named, never shown. */
const PERSONAL_FIELDS = ['email', 'phone', 'name', 'dateOfBirth', 'gender', 'nationality', 'nationalId', 'address', 'avatarUrl'] as const;

export interface AuditRecord {
  /** `user.read`, `user.search`, `user.create`, `user.update`, `user.delete`, `operation.<connection>.<id>`. */
  action: string;
  connections: string[];
  /** Provider user ids (pseudonymous), never emails or names. */
  userIds: string[];
  /** Which personal-data fields were disclosed (reads) or written (writes). */
  fields: readonly string[];
  /** For searches: by what, never the value. */
  searchedBy?: string;
  outcome: 'ok' | 'denied' | 'failed';
  status: number;
}

/**
 * Who touched whose personal data, when and how, on a stream of its own (so that it can be
 * shipped and kept apart from the service log). A record names fields and ids; it holds no
 * personal data itself.
 */
export class AuditLog {
  constructor(private readonly logger: Logger) {}

  /** `tenant`: the one the request acts in (DESIGN §8). */
  record(context: { requestId: string; principal: Principal; tenant: string }, record: AuditRecord): void {
    // As the access line: one object, winston's fast path.
    this.logger.info({ message: 'audit', log: 'audit', requestId: context.requestId, client: context.principal.subject, tenant: context.tenant, ...record });
  }
}

/** The personal-data fields a user (as the client saw it) actually carries. */
export function disclosedFields(users: readonly CanonicalUser[]): string[] {
  return PERSONAL_FIELDS.filter((field) => users.some((user) => carries(user, field)));
}

/** `disclosedFields` of one user, worked out once for a cached one; the list is shared, so it is read-only. */
export const fieldsDisclosedBy: (user: CanonicalUser) => readonly string[] = rememberedForFrozen((user: CanonicalUser) =>
  Object.freeze(disclosedFields([user])),
);

function carries(user: CanonicalUser, field: (typeof PERSONAL_FIELDS)[number]): boolean {
  const value = user[field];
  return value !== null && (typeof value !== 'object' || Object.values(value).some((inner) => inner !== null));
}
