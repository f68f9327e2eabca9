import type { CanonicalUser } from './user';

/** Every canonical field a provider can fill, as a dotted path. */
export const FIELD_PATHS = [
  'email',
  'emailVerified',
  'phone',
  'name.given',
  'name.family',
  'name.full',
  'dateOfBirth',
  'gender',
  'nationality',
  'nationalId',
  'address.line1',
  'address.city',
  'address.postalCode',
  'address.state',
  'address.country',
  'status',
  'verification',
  'locale',
  'timezone',
  'mfaEnabled',
  'avatarUrl',
  'createdAt',
  'updatedAt',
  'lastLoginAt',
] as const;

export type FieldPath = (typeof FIELD_PATHS)[number];

/** Where an adapter takes a canonical field from: the provider's field, and what it does to it. */
interface FieldSource {
  from: string;
  transform?: string;
}

export type FieldSources = Partial<Record<FieldPath, FieldSource>>;

export interface FieldOrigin {
  value: unknown;
  /** The account's global id (a person may have two accounts at one connection). */
  account: string;
  connection: string;
  providerField: string | null;
  transform: string | null;
}

function fieldValue(user: CanonicalUser, path: FieldPath): unknown {
  const [head, tail] = path.split('.') as [keyof CanonicalUser, string?];
  const value = user[head];
  if (tail === undefined) return value;
  return value && typeof value === 'object' ? ((value as unknown as Record<string, unknown>)[tail] ?? null) : null;
}

/** Field by field, where one account's values came from (only fields that have a value). */
export function provenanceOf(user: CanonicalUser, sources: FieldSources | undefined): Partial<Record<FieldPath, FieldOrigin>> {
  const origins: Partial<Record<FieldPath, FieldOrigin>> = {};
  for (const path of FIELD_PATHS) {
    const value = fieldValue(user, path);
    if (value === null || value === undefined) continue;
    const source = sources?.[path];
    origins[path] = { value, account: user.id, connection: user.connection, providerField: source?.from ?? null, transform: source?.transform ?? null };
  }
  return origins;
}
