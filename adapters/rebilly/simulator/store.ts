import { randomBytes } from 'node:crypto';
import type { RebillyNeverReturnedFields, RebillyUser, RebillyUserInput } from '../types';
import { matchesFilter, type FilterTerm } from './filter';

/**
 * A user as the simulator keeps it: a seed may hold the older API's secrets (the 2022 example does),
 * which it answers with only when told to (`legacyUserFields`).
 */
export type StoredUser = RebillyUser & Omit<RebillyNeverReturnedFields, '_links'>;

/** What a write may set: the writable `User` fields. */
export type UserWrite = RebillyUserInput;

/** An enrolled user's MFA (ProfileMfa `type` and `lastAuthTime`); a user without one has it inactive. */
export interface SimulatedMfa {
  type: 'duo' | 'otp';
  lastAuthTime: string | null;
}

/** The fields the 2022 API sent and the current `User` schema no longer has (Rebilly/api-definitions `567109d`). */
export const LEGACY_USER_FIELDS = ['password', 'totpRequired', 'totpSecret', 'totpUrl'] as const;

/** Fields the list's `filter`, `sort` and `q` understand. */
export const SEARCHABLE_FIELDS = [
  'id',
  'email',
  'firstName',
  'lastName',
  'status',
  'country',
  'mobilePhone',
  'businessPhone',
  'createdTime',
  'updatedTime',
  'loginTime',
] as const;
type SearchableField = (typeof SEARCHABLE_FIELDS)[number];

export interface ListQuery {
  filter: FilterTerm[];
  /** Fields, `-` first for descending. */
  sort: string[];
  q?: string;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `usr_` and a ULID: 10 characters of millisecond time, 16 random, in Crockford's base 32. */
export function newUserId(now = Date.now()): string {
  let time = now;
  let encodedTime = '';
  for (let index = 0; index < 10; index += 1) {
    encodedTime = CROCKFORD.charAt(time % 32) + encodedTime;
    time = Math.floor(time / 32);
  }
  const random = Array.from(randomBytes(16), (byte) => CROCKFORD.charAt(byte % 32)).join('');
  return `usr_${encodedTime}${random}`;
}

/** The simulator's users, searchable the ways Rebilly's collection parameters describe. */
export class RebillyUserStore {
  private readonly users = new Map<string, StoredUser>();
  private readonly mfa: Map<string, SimulatedMfa>;

  constructor(seed: StoredUser[], mfa: Readonly<Record<string, SimulatedMfa>> = {}) {
    for (const user of seed) this.users.set(user.id, structuredClone(user));
    this.mfa = new Map(Object.entries(mfa));
  }

  get(id: string): StoredUser | undefined {
    return this.users.get(id);
  }

  /** The user's MFA enrolment, kept apart from the user: the `User` resource says nothing of MFA. */
  mfaOf(id: string): SimulatedMfa | undefined {
    return this.mfa.get(id);
  }

  list(query: ListQuery): StoredUser[] {
    const valueOf = (user: StoredUser) => (field: string) => searchable(user, field as SearchableField);
    const text = query.q?.toLowerCase();
    const found = [...this.users.values()].filter(
      (user) =>
        matchesFilter(query.filter, valueOf(user)) &&
        (!text || [user.email, user.firstName, user.lastName].some((value) => value.toLowerCase().includes(text))),
    );
    return query.sort.length ? found.sort(byFields(query.sort)) : found;
  }

  emailTaken(email: string, exceptId?: string): boolean {
    return [...this.users.values()].some((user) => user.id !== exceptId && user.email.toLowerCase() === email.toLowerCase());
  }

  /** A new user; it waits for its invitation to be accepted, as Rebilly's do. */
  create(write: UserWrite, id = newUserId()): StoredUser {
    const now = new Date().toISOString();
    const user: StoredUser = {
      id,
      ...write,
      computedPermissions: write.permissions ?? [],
      status: 'pending-confirmation',
      createdTime: now,
      updatedTime: now,
      loginTime: null,
    };
    this.users.set(id, user);
    return user;
  }

  /** PUT replaces every writable field; what Rebilly sets itself (id, status, times...) stays. */
  replace(id: string, write: UserWrite): StoredUser {
    const current = this.users.get(id);
    if (!current) throw new Error(`The simulator has no Rebilly user ${id} to replace.`);
    const { createdTime, loginTime, status, reportingCurrency, availableCurrencies, password, totpRequired, totpSecret, totpUrl } = current;
    const kept = { createdTime, loginTime, status, reportingCurrency, availableCurrencies, password, totpRequired, totpSecret, totpUrl };
    const user: StoredUser = { id, ...withoutUndefined(kept), ...write, computedPermissions: write.permissions ?? [], updatedTime: new Date().toISOString() };
    this.users.set(id, user);
    return user;
  }
}

function searchable(user: StoredUser, field: SearchableField): string | undefined {
  const value = user[field];
  return typeof value === 'string' ? value : undefined;
}

function byFields(sort: string[]) {
  return (left: StoredUser, right: StoredUser) => {
    for (const spec of sort) {
      const field = spec.replace(/^-/, '') as SearchableField;
      const order = (searchable(left, field) ?? '').localeCompare(searchable(right, field) ?? '');
      if (order !== 0) return spec.startsWith('-') ? -order : order;
    }
    return 0;
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as Partial<T>;
}
