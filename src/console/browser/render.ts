import type { CanonicalUser } from '../../canonical/user';
import { UNNAMED_PROVIDER_FIELD, type OriginRow } from '../client/field-origins';
import type { FieldSource } from '../client/gateway-client';
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
  const rows = keyFields(user, piiVisible);
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
      ...rows.map((row) =>
        el('div', { class: `field field-${row.state}${conflictClass(row.field)}`, 'data-field': row.field }, el('dt', {}, row.label), el('dd', {}, row.text)),
      ),
    ),
    more,
    rawJson('Raw canonical JSON', user),
  );
}

export function rawJson(summary: string, value: unknown): HTMLElement {
  return el('details', { class: 'raw' }, el('summary', {}, summary), el('pre', {}, el('code', {}, JSON.stringify(value, null, 2))));
}

/** Origin rows (a merged record, or one account's provenance): the value, and where it came from. */
export function originList(rows: OriginRow[]): HTMLElement {
  return el('dl', { class: 'origins' }, ...rows.map(originRow));
}

function originRow(row: OriginRow): HTMLElement {
  const attributes = { class: `origin origin-${row.state}`, 'data-field': row.field };
  switch (row.state) {
    case 'hidden':
      return el('div', attributes, el('dt', {}, row.label), el('dd', {}, row.text));
    case 'agreed':
      return el(
        'div',
        attributes,
        el('dt', {}, row.label),
        el('dd', {}, el('span', { class: 'origin-value' }, row.text), el('ul', { class: 'sources' }, ...row.sources.map((source) => el('li', {}, ...sourceParts(source))))),
      );
    case 'conflict':
      return el(
        'div',
        attributes,
        el('dt', {}, row.label),
        el(
          'dd',
          {},
          el('span', { class: 'conflict-tag' }, 'Conflict: providers disagree'),
          el(
            'ul',
            { class: 'sources' },
            ...row.values.map((value) => el('li', { 'data-connection': value.connection }, ...sourceParts(value, value.text))),
          ),
        ),
      );
  }
}

/** `paysera · identity.code · upper case`, or with the connection's own value: `payabli: Egle Jankauskiene · Name · ...` */
function sourceParts(source: FieldSource, value?: string): Array<Node | string> {
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
