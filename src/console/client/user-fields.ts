import type { FieldPath } from '../../canonical/provenance';
import type { Address, CanonicalUser } from '../../canonical/user';

/**
 * How a canonical user reads to a person, the same in the console's cards and in `usergate users
 * get`. Rows carry their canonical field name, so that a view comparing accounts (the person view)
 * can mark the rows that disagree.
 */

export const HIDDEN_PII = 'hidden (needs users:pii)';
export const MISSING = '—';

/** Without `users:pii` the gateway sends these as null (src/users/projection.ts). */
export const PII_FIELDS: ReadonlySet<string> = new Set(['dateOfBirth', 'nationalId', 'address']);

/** Every canonical field path in words; a Record, so that a new canonical field cannot go unlabelled. */
export const FIELD_LABELS: Record<FieldPath, string> = {
  email: 'Email',
  emailVerified: 'Email verified',
  phone: 'Phone',
  'name.given': 'Given name',
  'name.family': 'Family name',
  'name.full': 'Full name',
  dateOfBirth: 'Date of birth',
  gender: 'Gender',
  nationality: 'Nationality',
  nationalId: 'National id',
  'address.line1': 'Street',
  'address.city': 'City',
  'address.postalCode': 'Postal code',
  'address.state': 'State',
  'address.country': 'Country',
  status: 'Status',
  verification: 'Verification',
  locale: 'Locale',
  timezone: 'Time zone',
  mfaEnabled: 'MFA',
  avatarUrl: 'Avatar',
  createdAt: 'Created',
  updatedAt: 'Updated',
  lastLoginAt: 'Last login',
};

/**
 * Where a card shows a field path: `name.*` in the card's heading (`name`), `address.*` on its one
 * address row (`address`), everything else on the row of the same name.
 */
export function cardField(path: string): string {
  const dot = path.indexOf('.');
  return dot === -1 ? path : path.slice(0, dot);
}

export interface FieldRow {
  field: string;
  label: string;
  text: string;
  /** `hidden`: withheld from this token; `missing`: the provider has no value. */
  state: 'value' | 'missing' | 'hidden';
}

type CardRowField = (FieldPath & keyof CanonicalUser) | 'address';

const KEY_FIELDS: { field: CardRowField; show: (user: CanonicalUser) => string | null }[] = [
  { field: 'email', show: (user) => user.email && `${user.email}${verifiedNote(user.emailVerified)}` },
  { field: 'phone', show: (user) => user.phone },
  { field: 'dateOfBirth', show: (user) => user.dateOfBirth },
  { field: 'nationality', show: (user) => user.nationality },
  { field: 'nationalId', show: (user) => user.nationalId },
  { field: 'address', show: (user) => user.address && formatAddress(user.address) },
  { field: 'gender', show: (user) => user.gender },
  { field: 'locale', show: (user) => user.locale },
  { field: 'timezone', show: (user) => user.timezone },
  { field: 'mfaEnabled', show: (user) => yesNo(user.mfaEnabled) },
  { field: 'createdAt', show: (user) => user.createdAt },
  { field: 'lastLoginAt', show: (user) => user.lastLoginAt },
];

export function keyFields(user: CanonicalUser, piiVisible: boolean): FieldRow[] {
  return KEY_FIELDS.map(({ field, show }) => {
    const label = fieldLabel(field);
    const text = show(user);
    if (text !== null && text !== '') return { field, label, text, state: 'value' };
    if (!piiVisible && PII_FIELDS.has(field)) return { field, label, text: HIDDEN_PII, state: 'hidden' };
    return { field, label, text: MISSING, state: 'missing' };
  });
}

/** What a card shows as one: its heading (`name`) and its address row. */
const CARD_FIELD_LABELS = { name: 'Name', address: 'Address' };

const LABELS = new Map<string, string>([...Object.entries(FIELD_LABELS), ...Object.entries(CARD_FIELD_LABELS)]);

/** A field path, or a card field (`name`, `address`), in words. */
export function fieldLabel(field: string): string {
  return LABELS.get(field) ?? field;
}

/** The name to head a card with: the provider's full name, else what else identifies the account. */
export function displayName(user: CanonicalUser): string {
  return user.name.full ?? user.email ?? user.phone ?? user.id;
}

/** `wallet`, or `wallet-eu · wallet` when the connection is not named after its adapter. */
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
