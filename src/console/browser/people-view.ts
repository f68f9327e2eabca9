import type { CanonicalUser } from '../../canonical/user';
import { recordRows } from '../client/field-origins';
import type { AccountPair, ExistsOnly, People, Person } from '../client/gateway-client';
import { confidenceText, conflictingCardFields, elsewhereText, personTitle } from '../client/people';
import { displayName, fieldLabel } from '../client/user-fields';
import { el, elementId } from './dom';
import { accountCard, cardList, originDetails, rawJson } from './render';

/**
 * The person view of `GET /v1/people`: one group per person (its accounts side by side, why they
 * were linked, the merged record with its conflicts), then the pairs that only partly match and
 * the accounts known only to exist. Everything shown is what the gateway sent.
 */
export function peopleView(answer: People, piiVisible: boolean): HTMLElement[] {
  const accountsById = new Map(answer.accounts.map((account) => [account.id, account]));
  return [
    ...answer.data.map((person, position) => personGroup(person, position, answer.accounts, piiVisible)),
    ...(answer.candidates.length ? [candidatesGroup(answer.candidates, accountsById)] : []),
    ...(answer.existsOnly.length ? [unattributedGroup(answer.existsOnly)] : []),
    rawJson('Raw answer (GET /v1/people)', answer),
  ];
}

function personGroup(person: Person, position: number, accounts: CanonicalUser[], piiVisible: boolean): HTMLElement {
  const titleId = `person-${position}`;
  // The fan-out's order (connection by connection), as in the strip.
  const own = accounts.filter((account) => person.accounts.includes(account.id));
  const rows = recordRows(person.record, piiVisible);
  const conflicts = rows.filter((row) => row.state === 'conflict').length;
  return el(
    'section',
    { class: 'group person', 'aria-labelledby': titleId, 'data-person-id': person.id },
    el(
      'header',
      { class: 'person-header' },
      el('h3', { class: 'group-title', id: titleId }, personTitle(person, position)),
      el('p', { class: 'chips' }, el('span', { class: `chip confidence-${person.confidence}` }, confidenceText(person))),
    ),
    cardList([
      ...own.map((account) => accountCard(account, { piiVisible, key: `${titleId}-${account.id}`, conflicts: conflictingCardFields(person, account) })),
      ...person.elsewhere.map((entry) => elsewhereCard(entry, `${titleId}-${entry.connection}`)),
    ]),
    person.links.length > 0 &&
      el(
        'section',
        { class: 'links', 'aria-labelledby': `${titleId}-links` },
        el('h4', { id: `${titleId}-links` }, 'Why these accounts are linked'),
        el('ul', {}, ...person.links.map((link) => pairItem(link, `${link.confidence} confidence`))),
      ),
    // One account's record is its provenance: shown on request, like a single account's.
    originDetails(
      'record',
      [own.length > 1 ? 'Merged record' : 'Where each value comes from', conflicts > 0 && ` (${conflicts} in conflict)`],
      rows,
      own.length > 1,
    ),
  );
}

function candidatesGroup(candidates: AccountPair[], accountsById: Map<string, CanonicalUser>): HTMLElement {
  const name = (id: string) => {
    const account = accountsById.get(id);
    return account ? `${displayName(account)} ` : '';
  };
  return el(
    'section',
    { class: 'group candidates', 'aria-labelledby': 'candidates-title' },
    el('h3', { class: 'group-title', id: 'candidates-title' }, 'Partly matching accounts (not merged)'),
    el('p', { class: 'hint' }, 'These accounts share something but disagree on an identifier or an attribute, so the gateway keeps them apart.'),
    el('ul', {}, ...candidates.map((pair) => pairItem(pair, 'candidate', name))),
  );
}

/** Two accounts, what they share and what they disagree on: a link, or a candidate pair. */
function pairItem(pair: AccountPair, verdict: string, name: (id: string) => string = () => ''): HTMLElement {
  const [left, right] = pair.accounts;
  return el(
    'li',
    { class: 'pair', 'data-accounts': pair.accounts.join(' ') },
    el(
      'p',
      { class: 'pair-accounts' },
      name(left),
      el('code', {}, left),
      ' and ',
      name(right),
      el('code', {}, right),
      ' ',
      el('span', { class: 'chip' }, verdict),
    ),
    el('p', {}, 'Matched on: ', el('span', { class: 'reasons' }, pair.reasons.join(', '))),
    pair.conflicting.length > 0 &&
      el(
        'p',
        {},
        'Disagree on: ',
        ...pair.conflicting.flatMap((field, index) => [index > 0 && ', ', el('span', { class: 'conflict-field', 'data-field': field }, fieldLabel(field))]),
      ),
  );
}

function elsewhereCard(entry: ExistsOnly, key: string): HTMLElement {
  const titleId = elementId('card', key);
  return el(
    'article',
    { class: 'card card-elsewhere', 'aria-labelledby': titleId, 'data-connection': entry.connection },
    el(
      'header',
      { class: 'card-header' },
      el('span', { class: 'badge provider' }, entry.provider),
      el('h4', { class: 'card-title', id: titleId }, 'Exists elsewhere'),
    ),
    el('p', {}, elsewhereText(entry)),
  );
}

function unattributedGroup(entries: ExistsOnly[]): HTMLElement {
  return el(
    'section',
    { class: 'group', 'aria-labelledby': 'unattributed-title' },
    el('h3', { class: 'group-title', id: 'unattributed-title' }, 'Accounts that only exist elsewhere'),
    el('p', { class: 'hint' }, 'These providers say only that an account exists, so it cannot be told whose it is.'),
    cardList(entries.map((entry) => elsewhereCard(entry, `unattributed-${entry.connection}`))),
  );
}
