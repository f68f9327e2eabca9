import type { Address, CanonicalUser } from '../../canonical/user';

/**
 * How a canonical user reads to a person, the same in the console's cards and in `usergate users
 * get`. Rows carry their canonical field name, so that a view comparing accounts (the person view)
 * can mark the rows that disagree.
 */

export const HIDDEN_PII = 'hidden (needs users:pii)';
export const MISSING = '—';

/** Without `users:pii` the gateway sends these as null (src/users/projection.ts). */
const PII_FIELDS: ReadonlySet<string> = new Set(['dateOfBirth', 'nationalId', 'address']);

export interface FieldRow {
  field: string;
  label: string;
  text: string;
  /** `hidden`: withheld from this token; `missing`: the provider has no value. */
  state: 'value' | 'missing' | 'hidden';
}

const KEY_FIELDS: Array<{ field: keyof CanonicalUser; label: string; show: (user: CanonicalUser) => string | null }> = [
  { field: 'email', label: 'Email', show: (user) => user.email && `${user.email}${verifiedNote(user.emailVerified)}` },
  { field: 'phone', label: 'Phone', show: (user) => user.phone },
  { field: 'dateOfBirth', label: 'Date of birth', show: (user) => user.dateOfBirth },
  { field: 'nationality', label: 'Nationality', show: (user) => user.nationality },
  { field: 'nationalId', label: 'National id', show: (user) => user.nationalId },
  { field: 'address', label: 'Address', show: (user) => user.address && formatAddress(user.address) },
  { field: 'gender', label: 'Gender', show: (user) => user.gender },
  { field: 'locale', label: 'Locale', show: (user) => user.locale },
  { field: 'timezone', label: 'Time zone', show: (user) => user.timezone },
  { field: 'mfaEnabled', label: 'MFA', show: (user) => yesNo(user.mfaEnabled) },
  { field: 'createdAt', label: 'Created', show: (user) => user.createdAt },
  { field: 'lastLoginAt', label: 'Last login', show: (user) => user.lastLoginAt },
];

export function keyFields(user: CanonicalUser, piiVisible: boolean): FieldRow[] {
  return KEY_FIELDS.map(({ field, label, show }) => {
    const text = show(user);
    if (text !== null && text !== '') return { field, label, text, state: 'value' };
    if (!piiVisible && PII_FIELDS.has(field)) return { field, label, text: HIDDEN_PII, state: 'hidden' };
    return { field, label, text: MISSING, state: 'missing' };
  });
}

/** The name to head a card with: the provider's full name, else what else identifies the account. */
export function displayName(user: CanonicalUser): string {
  return user.name.full ?? user.email ?? user.phone ?? user.id;
}

/** `paysera`, or `wise-eu · wise` when the connection is not named after its adapter. */
export function providerLabel(user: Pick<CanonicalUser, 'connection' | 'provider'>): string {
  return user.connection === user.provider ? user.provider : `${user.connection} · ${user.provider}`;
}

export const statusText = (user: CanonicalUser) => user.status ?? 'status unknown';
export const verificationText = (user: CanonicalUser) => (user.verification ? `verification: ${user.verification}` : 'verification unknown');

function verifiedNote(verified: boolean | null): string {
  if (verified === null) return '';
  return verified ? ' (verified)' : ' (unverified)';
}

function yesNo(value: boolean | null): string | null {
  if (value === null) return null;
  return value ? 'on' : 'off';
}

function formatAddress(address: Address): string {
  const place = [address.postalCode, address.city].filter(Boolean).join(' ');
  return [address.line1, place, address.state, address.country].filter(Boolean).join(', ');
}
