import type { CanonicalUser } from '../../canonical/user';
import { UNNAMED_PROVIDER_FIELD, type OriginRow } from '../client/field-origins';
import type { ValueSource } from '../client/gateway-client';
import type { StripEntry } from '../client/outcomes';
import { displayName, fieldLabel, keyFields, providerLabel, statusText, verificationText } from '../client/user-fields';
import { el, elementId } from './dom';

/**
 * The console's building blocks. Each account is a card of its own; its heading and rows carry
 * their field (`data-field`), so that the person view can mark the ones that disagree.
 */

export function accountsGroup(title: string, cards: HTMLElement[]): HTMLElement {
  return el('section', { class: 'group', 'aria-label': title }, el('h3', { class: 'group-title' }, title), cardList(cards));
}

export function cardList(cards: HTMLElement[]): HTMLElement {
  return el('ol', { class: 'cards' }, ...cards.map((card) => el('li', {}, card)));
}

export interface CardOptions {
  piiVisible: boolean;
  /** Unique on the page: names the card's heading. */
  key: string;
  /** Card fields (`name`, `timezone`...) on which this account disagrees with the others of its person. */
  conflicts?: ReadonlySet<string>;
  /** Shown under the fields, such as where each value came from. */
  more?: HTMLElement;
}

export function accountCard(user: CanonicalUser, { piiVisible, key, conflicts = new Set(), more }: CardOptions): HTMLElement {
  const titleId = elementId('card', key);
  const conflictClass = (field: string) => (conflicts.has(field) ? ' conflict' : '');
  return el(
    'article',
    { class: 'card', 'aria-labelledby': titleId, 'data-user-id': user.id },
    el(
      'header',
      { class: 'card-header' },
      el('span', { class: 'badge provider' }, providerLabel(user)),
      el('h4', { class: `card-title${conflictClass('name')}`, id: titleId, 'data-field': 'name' }, displayName(user)),
      el(
        'p',
        { class: 'chips' },
        el('span', { class: `chip status-${user.status ?? 'unknown'}` }, statusText(user)),
        el('span', { class: `chip verification-${user.verification ?? 'unknown'}` }, verificationText(user)),
      ),
      conflicts.size > 0 && el('p', { class: 'conflict-note' }, `Differs from the person's other accounts: ${[...conflicts].map(fieldLabel).join(', ')}.`),
    ),
    el('p', { class: 'global-id' }, el('code', {}, user.id)),
    el(
      'dl',
      { class: 'fields' },
      ...keyFields(user, piiVisible).map((row) =>
        el('div', { class: `field field-${row.state}${conflictClass(row.field)}`, 'data-field': row.field }, el('dt', {}, row.label), el('dd', {}, row.text)),
      ),
    ),
    more,
    rawJson('Raw canonical JSON', user, `Raw canonical JSON of ${user.id}`),
  );
}

/**
 * JSON behind a disclosure. Its block scrolls, so it takes keyboard focus (arrow keys scroll it) and,
 * being focusable, is a region named after what it holds (`label`, unique on the page).
 */
export function rawJson(summary: string, value: unknown, label = summary): HTMLElement {
  return el(
    'details',
    { class: 'raw' },
    el('summary', {}, summary),
    el('pre', { tabindex: '0', role: 'region', 'aria-label': label }, el('code', {}, JSON.stringify(value, null, 2))),
  );
}

/** Origin rows (a merged record, or one account's provenance) behind a disclosure: each value, and where it came from. */
export function originDetails(className: string, summary: (string | false)[], rows: OriginRow[], open = false): HTMLElement {
  return el(
    'details',
    { class: className, open },
    el('summary', {}, ...summary),
    el(
      'dl',
      { class: 'origins' },
      ...rows.map((row) =>
        el('div', { class: `origin origin-${row.state}`, 'data-field': row.field }, el('dt', {}, row.label), el('dd', {}, ...originValue(row))),
      ),
    ),
  );
}

function originValue(row: OriginRow): (Node | string)[] {
  switch (row.state) {
    case 'hidden':
      return [row.text];
    case 'agreed':
      return [
        el('span', { class: 'origin-value' }, row.text),
        el('ul', { class: 'sources' }, ...row.sources.map((source) => el('li', {}, ...sourceParts(source)))),
      ];
    case 'conflict':
      return [
        el('span', { class: 'conflict-tag' }, 'Conflict: providers disagree'),
        el('ul', { class: 'sources' }, ...row.values.map((value) => el('li', { 'data-connection': value.connection }, ...sourceParts(value, value.text)))),
      ];
  }
}

/** `wallet · identity.code · upper case`, or with the connection's own value: `wallet: Egle Jankauskiene · Name · ...` */
function sourceParts(source: ValueSource, value?: string): (Node | string)[] {
  return [
    el('span', { class: 'source-connection' }, source.connection),
    ...(value === undefined ? [] : [': ', el('span', { class: 'origin-value' }, value)]),
    ' · ',
    el('code', {}, source.providerField ?? UNNAMED_PROVIDER_FIELD),
    ...(source.transform ? [' · ', el('span', { class: 'source-transform' }, source.transform)] : []),
  ];
}

export function stripItems(entries: StripEntry[]): HTMLElement[] {
  return entries.map((entry) =>
    el(
      'li',
      { class: `connection connection-${entry.state}`, 'data-connection': entry.connection },
      el('span', { class: 'connection-name' }, entry.connection),
      el('span', { class: 'connection-state' }, entry.label),
      entry.detail && el('span', { class: 'connection-detail' }, entry.detail),
      entry.latency && el('span', { class: 'connection-latency' }, entry.latency),
    ),
  );
}

export function emptyState(title: string, hint: string): HTMLElement {
  return el('div', { class: 'state state-empty' }, el('p', { class: 'state-title' }, title), el('p', {}, hint));
}

/** An error people can act on: what failed, the gateway's words, and its stable code. */
export function errorState(title: string, detail: string, code: string): HTMLElement {
  return el(
    'div',
    { class: 'state state-error', role: 'alert' },
    el('p', { class: 'state-title' }, title),
    detail && el('p', {}, detail),
    el('p', { class: 'state-code' }, 'Code: ', el('code', {}, code)),
  );
}
