import { el } from './dom';

/**
 * The credentials of a connection as rows of a field name and a secret value, so that any adapter's
 * keys (`apiKey`, `clientId` and `clientSecret`...) can be typed. Values go into password fields the
 * browser is asked not to fill or remember; `resetCredentialFields` removes them, values and all.
 */

export function resetCredentialFields(fieldset: HTMLFieldSetElement, legend: string): void {
  const rows = el('div', { class: 'credential-rows' });
  const add = el('button', { type: 'button', class: 'button-secondary' }, 'Add a credential field');
  add.addEventListener('click', () => {
    const row = credentialRow(fieldset.id, rows.children.length + 1);
    rows.append(row);
    row.querySelector('input')?.focus();
  });
  rows.append(credentialRow(fieldset.id, 1));
  fieldset.replaceChildren(
    el('legend', {}, legend),
    el('p', { class: 'hint' }, 'Each key the adapter takes, like apiKey, and its value. Values are sent once and never shown again.'),
    rows,
    add,
  );
}

function credentialRow(prefix: string, index: number): HTMLElement {
  const suffix = index === 1 ? '' : ` ${index}`;
  const keyId = `${prefix}-key-${index}`;
  const valueId = `${prefix}-value-${index}`;
  return el(
    'div',
    { class: 'credential-row form-row' },
    el(
      'span',
      { class: 'search-field' },
      el('label', { for: keyId }, `Credential key${suffix}`),
      el('input', { id: keyId, class: 'credential-key', autocomplete: 'off', spellcheck: 'false', placeholder: 'apiKey' }),
    ),
    el(
      'span',
      { class: 'search-field' },
      el('label', { for: valueId }, `Secret value${suffix}`),
      el('input', { id: valueId, class: 'credential-value', type: 'password', autocomplete: 'off', spellcheck: 'false' }),
    ),
  );
}

/** The credentials typed, or what is wrong with them (nothing has been sent then). */
export function readCredentialFields(fieldset: HTMLFieldSetElement): { credentials: Record<string, string> } | { problem: string } {
  const credentials: Record<string, string> = {};
  for (const row of fieldset.querySelectorAll('.credential-row')) {
    const key = row.querySelector<HTMLInputElement>('.credential-key')?.value.trim() ?? '';
    const value = row.querySelector<HTMLInputElement>('.credential-value')?.value ?? '';
    if (!key && !value) continue;
    if (!key) return { problem: 'Every secret value needs its key (like apiKey).' };
    if (!value) return { problem: `The credential ${key} has no value.` };
    if (Object.hasOwn(credentials, key)) return { problem: `The credential ${key} is given twice.` };
    credentials[key] = value;
  }
  if (Object.keys(credentials).length === 0) return { problem: 'Type the credentials: at least one key and its value.' };
  return { credentials };
}
