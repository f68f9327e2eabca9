import type { CanonicalUser } from '../canonical/user';

/**
 * Whether two accounts belong to one person, and why. Identifiers (email, phone, national id with
 * nationality) link; identity attributes (names, date of birth, nationality, gender) only ever
 * conflict. One matching identifier with nothing against it links at medium confidence; two or
 * more link at high confidence even if an attribute disagrees (the disagreement is listed); one
 * identifier against any disagreement, or any national-id disagreement, is only a candidate.
 */
type LinkReason = 'same verified email' | 'same email' | 'same E.164 phone' | 'same national id and nationality';

export interface AccountPair {
  accounts: [string, string];
  reasons: LinkReason[];
  conflicting: string[];
}

export interface Link extends AccountPair {
  confidence: 'high' | 'medium';
}

export type Comparison = { kind: 'link'; link: Link } | { kind: 'candidate'; candidate: AccountPair } | { kind: 'unrelated' };

const normalise = (value: string) => value.normalize('NFC').trim().toLowerCase();

const ATTRIBUTES: [string, (user: CanonicalUser) => string | null][] = [
  ['name.given', (user) => user.name.given],
  ['name.family', (user) => user.name.family],
  ['dateOfBirth', (user) => user.dateOfBirth],
  ['nationality', (user) => user.nationality],
  ['gender', (user) => user.gender],
];

export function compareAccounts(a: CanonicalUser, b: CanonicalUser): Comparison {
  const reasons: LinkReason[] = [];
  const conflicting: string[] = [];
  const identifier = (field: string, left: string | null, right: string | null, reason: LinkReason) => {
    if (left === null || right === null) return;
    if (normalise(left) === normalise(right)) reasons.push(reason);
    else conflicting.push(field);
  };
  identifier('email', a.email, b.email, a.emailVerified && b.emailVerified ? 'same verified email' : 'same email');
  identifier('phone', a.phone, b.phone, 'same E.164 phone');
  if (a.nationality && b.nationality) {
    identifier(
      'nationalId',
      a.nationalId && `${a.nationalId}/${a.nationality}`,
      b.nationalId && `${b.nationalId}/${b.nationality}`,
      'same national id and nationality',
    );
  }
  const identifierConflicts = [...conflicting];
  for (const [field, read] of ATTRIBUTES) {
    const left = read(a);
    const right = read(b);
    if (left !== null && right !== null && normalise(left) !== normalise(right)) conflicting.push(field);
  }
  if (reasons.length === 0) return { kind: 'unrelated' };
  const pair: AccountPair = { accounts: [a.id, b.id], reasons, conflicting };
  if (identifierConflicts.includes('nationalId')) return { kind: 'candidate', candidate: pair };
  if (reasons.length >= 2) return { kind: 'link', link: { ...pair, confidence: 'high' } };
  if (conflicting.length === 0) return { kind: 'link', link: { ...pair, confidence: 'medium' } };
  return { kind: 'candidate', candidate: pair };
}
