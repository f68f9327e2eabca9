import type { CanonicalUser } from '../../canonical/user';
import type { ExistsOnly, MergedRecord, People, Person } from './gateway-client';
import { cardField } from './user-fields';

/**
 * The person view in words: what to call a person, how sure the gateway is, which card rows
 * disagree, and what an exists-only provider told us. Only what the gateway sent: the console
 * never links, merges or resolves anything itself.
 */

/**
 * A heading for a person from the fields every account agrees on: the full name, else given and
 * family name, else the email or phone. A conflicting value is never picked.
 */
export function personTitle(person: Person, position: number): string {
  const agreed = (path: keyof MergedRecord) => {
    const field = person.record[path];
    return field && 'sources' in field && typeof field.value === 'string' ? field.value : null;
  };
  const givenAndFamily = [agreed('name.given'), agreed('name.family')].filter(Boolean).join(' ');
  return agreed('name.full') ?? (givenAndFamily || (agreed('email') ?? agreed('phone') ?? `Person ${position + 1}`));
}

const CONFIDENCE_WORDS: Record<Person['confidence'], string> = {
  single: 'one account',
  medium: 'linked with medium confidence',
  high: 'linked with high confidence',
};

export function confidenceText(person: Person): string {
  return CONFIDENCE_WORDS[person.confidence];
}

/** The card fields (`name`, `timezone`...) on which this account takes part in one of the person's conflicts. */
export function conflictingCardFields(person: Person, account: Pick<CanonicalUser, 'id'>): Set<string> {
  const fields = new Set<string>();
  for (const [path, merged] of Object.entries(person.record)) {
    if ('conflict' in merged && merged.conflict.some((origin) => origin.account === account.id)) fields.add(cardField(path));
  }
  return fields;
}

const SEARCHED_WORDS: Record<ExistsOnly['matchedBy'], string> = { email: 'email', phone: 'phone number', nationalId: 'national id' };

export function elsewhereText(entry: ExistsOnly): string {
  return `An account exists for this ${SEARCHED_WORDS[entry.matchedBy]}; ${entry.connection} shares no details.`;
}

/** What the grouping came to, after the fan-out's own summary: how many people, how many pairs left apart. */
export function describePeople(answer: Pick<People, 'data' | 'candidates'>): string {
  const people = answer.data.length;
  if (people === 0) return '';
  const grouped = `Grouped into ${people} ${people === 1 ? 'person' : 'people'}`;
  const pairs = answer.candidates.length;
  if (pairs === 0) return `${grouped}.`;
  return `${grouped}; ${pairs} ${pairs === 1 ? 'pair matches' : 'pairs match'} only partly, not merged.`;
}
