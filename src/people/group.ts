import { createHash } from 'node:crypto';
import { FIELD_PATHS, provenanceOf, type FieldOrigin, type FieldPath, type FieldSources } from '../canonical/provenance';
import type { CanonicalUser } from '../canonical/user';
import { ANSWER_LIMITS } from '../limits';
import { compareAccounts, type AccountPair, type Link } from './link';

/** One field of a merged person: agreed by every account that has it, or a listed conflict. */
type MergedField = { value: unknown; sources: Omit<FieldOrigin, 'value'>[] } | { value: null; conflict: FieldOrigin[] };

export interface Person {
  /** Stable for the same set of accounts. */
  id: string;
  confidence: 'single' | 'medium' | 'high';
  accounts: string[];
  links: Link[];
  record: Partial<Record<FieldPath, MergedField>>;
}

export interface Grouping {
  people: Person[];
  /** Accounts that share something but disagree: shown, never merged. */
  candidates: AccountPair[];
  /** Links and candidates past their caps (ANSWER_LIMITS) are left out of the answer, never out of the grouping. */
  truncated: ('links' | 'candidates')[];
}

/** Groups accounts into people: the linked ones together, every field with its origins. */
export function groupAccounts(users: CanonicalUser[], sourcesOf: (user: CanonicalUser) => FieldSources | undefined): Grouping {
  const parent = new Map(users.map((user) => [user.id, user.id]));
  const root = (id: string): string => {
    const above = parent.get(id);
    return above === undefined || above === id ? id : root(above);
  };
  const links: Link[] = [];
  const pairs: AccountPair[] = [];
  let linksLeftOut = false;
  for (const [index, a] of users.entries()) {
    for (const b of users.slice(index + 1)) {
      const comparison = compareAccounts(a, b);
      if (comparison.kind === 'link') {
        if (links.length < ANSWER_LIMITS.links) links.push(comparison.link);
        else linksLeftOut = true;
        parent.set(root(b.id), root(a.id));
      } else if (comparison.kind === 'candidate') {
        pairs.push(comparison.candidate);
      }
    }
  }
  const members = new Map<string, CanonicalUser[]>();
  for (const user of users) members.set(root(user.id), [...(members.get(root(user.id)) ?? []), user]);
  const people = [...members.values()].map((accounts) => toPerson(accounts, links, sourcesOf));
  const candidates = pairs.filter((pair) => root(pair.accounts[0]) !== root(pair.accounts[1]));
  const truncated = [...(linksLeftOut ? (['links'] as const) : []), ...(candidates.length > ANSWER_LIMITS.candidates ? (['candidates'] as const) : [])];
  return { people, candidates: candidates.slice(0, ANSWER_LIMITS.candidates), truncated };
}

function toPerson(accounts: CanonicalUser[], allLinks: Link[], sourcesOf: (user: CanonicalUser) => FieldSources | undefined): Person {
  const ids = accounts.map((account) => account.id).sort();
  const links = allLinks.filter((link) => ids.includes(link.accounts[0]));
  const confidence = accounts.length === 1 ? 'single' : links.every((link) => link.confidence === 'high') ? 'high' : 'medium';
  return {
    id: `person_${createHash('sha256').update(ids.join('\n')).digest('base64url').slice(0, 16)}`,
    confidence,
    accounts: ids,
    links,
    record: mergeFields(accounts, sourcesOf),
  };
}

/** What describes the person rather than one account (status, verification and timestamps are the account's). */
const PERSON_FIELDS = FIELD_PATHS.filter(
  (path) => !['emailVerified', 'status', 'verification', 'mfaEnabled', 'createdAt', 'updatedAt', 'lastLoginAt'].includes(path),
);

function mergeFields(accounts: CanonicalUser[], sourcesOf: (user: CanonicalUser) => FieldSources | undefined) {
  const provenance = accounts.map((account) => provenanceOf(account, sourcesOf(account)));
  const record: Partial<Record<FieldPath, MergedField>> = {};
  for (const path of PERSON_FIELDS) {
    const origins = provenance.flatMap((fields) => fields[path] ?? []);
    const [first] = origins;
    if (!first) continue;
    const distinct = new Set(origins.map((origin) => comparable(origin.value)));
    record[path] = distinct.size === 1 ? { value: first.value, sources: origins.map(withoutValue) } : { value: null, conflict: origins };
  }
  return record;
}

function withoutValue({ account, connection, providerField, transform }: FieldOrigin): Omit<FieldOrigin, 'value'> {
  return { account, connection, providerField, transform };
}

function comparable(value: unknown): string {
  return typeof value === 'string' ? value.normalize('NFC').trim().toLowerCase() : JSON.stringify(value);
}
