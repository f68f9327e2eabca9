import type { CanonicalUser } from '../../canonical/user';
import type { StripEntry } from '../client/outcomes';
import { displayName, keyFields, providerLabel, statusText, verificationText } from '../client/user-fields';
import { el } from './dom';

/**
 * The console's views. Each account is a card of its own, and cards come in a titled group, so
 * that a person view can show several groups (one per person, with why the accounts were linked)
 * and mark conflicting rows (`data-field`) without changing the cards.
 */

export function accountsGroup(title: string, users: CanonicalUser[], piiVisible: boolean): HTMLElement {
  return el(
    'section',
    { class: 'group', 'aria-label': title },
    el('h3', { class: 'group-title' }, title),
    el('ol', { class: 'cards' }, ...users.map((user, index) => el('li', {}, accountCard(user, piiVisible, `${title}-${index}`)))),
  );
}

function accountCard(user: CanonicalUser, piiVisible: boolean, key: string): HTMLElement {
  const titleId = `card-${key.replace(/\W+/g, '-')}`;
  return el(
    'article',
    { class: 'card', 'aria-labelledby': titleId, 'data-user-id': user.id },
    el(
      'header',
      { class: 'card-header' },
      el('span', { class: 'badge provider' }, providerLabel(user)),
      el('h4', { class: 'card-title', id: titleId }, displayName(user)),
      el(
        'p',
        { class: 'chips' },
        el('span', { class: `chip status-${user.status ?? 'unknown'}` }, statusText(user)),
        el('span', { class: `chip verification-${user.verification ?? 'unknown'}` }, verificationText(user)),
      ),
    ),
    el('p', { class: 'global-id' }, el('code', {}, user.id)),
    el(
      'dl',
      { class: 'fields' },
      ...keyFields(user, piiVisible).map((row) =>
        el('div', { class: `field field-${row.state}`, 'data-field': row.field }, el('dt', {}, row.label), el('dd', {}, row.text)),
      ),
    ),
    el('details', { class: 'raw' }, el('summary', {}, 'Raw canonical JSON'), el('pre', {}, el('code', {}, JSON.stringify(user, null, 2)))),
  );
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
