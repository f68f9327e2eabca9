import { hasScope, type Principal } from '../auth/principal';
import { withoutNeverReturned, type CanonicalUser, type ProviderUserFields } from '../canonical/user';
import type { Connection } from '../connections/registry';

/** Fields only a client with `users:pii` may see (DESIGN §4). */
const PII_FIELDS = ['nationalId', 'dateOfBirth', 'address'] as const;

/**
 * Gives a provider's user its global identity. Extensions are a provider's own data, so the
 * never-returned keys are dropped from them here, once, whatever an adapter let through.
 */
export function toCanonicalUser(
  connection: Pick<Connection, 'name'> & { adapter: Pick<Connection['adapter'], 'name'> },
  fields: ProviderUserFields,
): CanonicalUser {
  return {
    id: `${connection.name}:${fields.providerUserId}`,
    connection: connection.name,
    provider: connection.adapter.name,
    ...fields,
    extensions: withoutNeverReturned(fields.extensions) as Record<string, unknown>,
  };
}

/** Every canonical field in documented order; anything else a mapper might add is dropped. */
const FIELDS = [
  'id',
  'connection',
  'provider',
  'providerUserId',
  'email',
  'emailVerified',
  'phone',
  'name',
  'dateOfBirth',
  'gender',
  'nationality',
  'nationalId',
  'address',
  'status',
  'verification',
  'locale',
  'timezone',
  'mfaEnabled',
  'avatarUrl',
  'createdAt',
  'updatedAt',
  'lastLoginAt',
  'extensions',
] as const satisfies readonly (keyof CanonicalUser)[];

const isPii = (field: string) => (PII_FIELDS as readonly string[]).includes(field);

/** The user as this client may see it: built from an allow-list by scope, for every response. */
export function projectUser(user: CanonicalUser, principal: Principal): CanonicalUser {
  const pii = hasScope(principal, 'users:pii');
  const projected: Record<string, unknown> = {};
  for (const field of FIELDS) projected[field] = !pii && isPii(field) ? null : user[field];
  return projected as unknown as CanonicalUser;
}
