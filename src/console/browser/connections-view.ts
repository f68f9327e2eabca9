import { credentialsLabel, describeVerification, lastErrorLabel, lastVerifiedLabel, stateLabel } from '../client/connection-health';
import {
  createConnection,
  deleteConnection,
  listConnections,
  updateConnection,
  verifyConnection,
  type AdminConnection,
  type ConnectionPatch,
} from '../client/connections-admin';
import { GatewayProblem } from '../../client';
import type { GatewayClient } from '../client/gateway-client';
import { ANY_TENANT, type TokenClaims } from '../client/token-claims';
import { MISSING } from '../client/user-fields';
import { readCredentialFields, resetCredentialFields } from './credential-fields';
import { byId, el, elementId } from './dom';

/**
 * The Connections page: one tenant's connections as cards, with what an admin can do to each.
 * Every change is followed by a fresh list, so the page shows the gateway's state, not a guess.
 */

const ui = {
  view: byId('connections-view', HTMLElement),
  title: byId('connections-title', HTMLElement),
  tenantForm: byId('tenant-form', HTMLFormElement),
  tenant: byId('tenant', HTMLInputElement),
  tenantChoices: byId('tenant-choices', HTMLDataListElement),
  tenantHint: byId('tenant-hint', HTMLElement),
  status: byId('connections-status', HTMLElement),
  error: byId('connections-error', HTMLElement),
  list: byId('connections-list', HTMLElement),
  readOnly: byId('connections-read-only', HTMLElement),
  addForm: byId('add-connection', HTMLFormElement),
  addName: byId('add-name', HTMLInputElement),
  addAdapter: byId('add-adapter', HTMLInputElement),
  adapterChoices: byId('adapter-choices', HTMLDataListElement),
  addBaseUrl: byId('add-base-url', HTMLInputElement),
  addCredentials: byId('add-credentials', HTMLFieldSetElement),
  addOptions: byId('add-options', HTMLTextAreaElement),
  addVerify: byId('add-verify', HTMLInputElement),
  addError: byId('add-error', HTMLElement),
  rotateDialog: byId('rotate-dialog', HTMLDialogElement),
  rotateForm: byId('rotate-form', HTMLFormElement),
  rotateTitle: byId('rotate-title', HTMLElement),
  rotateCredentials: byId('rotate-credentials', HTMLFieldSetElement),
  rotateVerify: byId('rotate-verify', HTMLInputElement),
  rotateError: byId('rotate-error', HTMLElement),
  deleteDialog: byId('delete-dialog', HTMLDialogElement),
  deleteForm: byId('delete-form', HTMLFormElement),
  deleteTitle: byId('delete-title', HTMLElement),
  deleteWhat: byId('delete-what', HTMLElement),
  deleteError: byId('delete-error', HTMLElement),
};

interface Admin {
  client: GatewayClient;
  claims: TokenClaims | null;
  /** The tenant picked, sent as Usergate-Tenant; undefined: the token's own. */
  tenant?: string;
  canChange: boolean;
}

let admin: Admin | null = null;
/** The connection a dialog is open for. */
let target: AdminConnection | null = null;

/** On sign-in: who may do what, and a clean page (nothing of a previous session). */
export function startConnections(client: GatewayClient, claims: TokenClaims | null): void {
  admin = { client, claims, canChange: claims?.scopes.includes('connections:admin') ?? false };
  const tenants = claims?.tenants ?? [];
  ui.tenantForm.hidden = tenants.length === 0;
  ui.tenant.value = claims?.tenant ?? '';
  const choices = new Set([claims?.tenant ?? '', 'default', ...tenants.filter((tenant) => tenant !== ANY_TENANT)].filter(Boolean));
  ui.tenantChoices.replaceChildren(...[...choices].map((tenant) => el('option', { value: tenant })));
  ui.tenantHint.textContent = tenants.includes(ANY_TENANT) ? 'This token may act in any tenant.' : `This token may act in: ${[...choices].join(', ')}.`;
  ui.readOnly.hidden = admin.canChange;
  ui.addForm.hidden = !admin.canChange;
  resetAddForm();
  ui.list.replaceChildren();
}

/** On sign-out: the list, any typed secret and any open dialog go. */
export function stopConnections(): void {
  admin = null;
  target = null;
  ui.list.replaceChildren();
  resetAddForm();
  closeDialog(ui.rotateDialog);
  closeDialog(ui.deleteDialog);
}

export async function showConnections(): Promise<void> {
  if (!admin) return;
  await refresh(admin, 'Loading connections…');
  ui.title.focus();
}

function tenantName(current: Admin): string {
  return current.tenant ?? current.claims?.tenant ?? 'default';
}

async function refresh(current: Admin, status?: string): Promise<void> {
  if (status) setStatus(status);
  ui.list.setAttribute('aria-busy', 'true');
  try {
    const { body } = await listConnections(current.client, current.tenant);
    ui.title.textContent = `Connections of tenant ${tenantName(current)}`;
    ui.list.replaceChildren(connectionCards(body.data, current));
    ui.adapterChoices.replaceChildren(...[...new Set(body.data.map((connection) => connection.adapter))].map((adapter) => el('option', { value: adapter })));
    if (status) setStatus(`${body.data.length} connection${body.data.length === 1 ? '' : 's'} in tenant ${tenantName(current)}.`);
  } catch (error) {
    ui.list.replaceChildren();
    showError(error);
  } finally {
    ui.list.removeAttribute('aria-busy');
  }
}

function connectionCards(connections: AdminConnection[], current: Admin): HTMLElement {
  if (!connections.length) return el('div', { class: 'state state-empty' }, el('p', { class: 'state-title' }, 'This tenant has no connections yet.'));
  return el('ol', { class: 'cards' }, ...connections.map((connection) => el('li', {}, connectionCard(connection, current))));
}

function connectionCard(connection: AdminConnection, current: Admin): HTMLElement {
  const titleId = elementId('connection', connection.name);
  const stored = connection.source === 'stored';
  const rows: [string, string][] = [
    ['Source', connection.source === 'declared' ? 'declared in the config file' : (connection.source ?? MISSING)],
    ['Base URL', connection.baseUrl ?? MISSING],
    ['Credentials', credentialsLabel(connection)],
    ['Last verified', lastVerifiedLabel(connection)],
    ['Last error', lastErrorLabel(connection.lastError)],
  ];
  const action = (label: string, run: () => void, className?: string) => {
    const button = el('button', { type: 'button', class: className ?? 'button-secondary', 'data-action': label.toLowerCase() }, label);
    button.addEventListener('click', run);
    return button;
  };
  const disabled = connection.state === 'disabled';
  return el(
    'article',
    { class: 'card connection-card', 'aria-labelledby': titleId, 'data-connection': connection.name },
    el(
      'header',
      { class: 'card-header' },
      el('span', { class: 'badge provider' }, connection.adapter),
      el('h3', { class: 'card-title', id: titleId }, connection.name),
      el('p', { class: 'chips' }, el('span', { class: `chip state-${connection.state ?? 'unknown'}` }, stateLabel(connection))),
    ),
    el('dl', { class: 'fields' }, ...rows.map(([label, text]) => el('div', { class: 'field', 'data-field': label }, el('dt', {}, label), el('dd', {}, text)))),
    current.canChange &&
      el(
        'div',
        { class: 'card-actions' },
        action('Verify', () => void verify(current, connection)),
        stored && action('Rotate', () => openRotate(connection)),
        stored && action(disabled ? 'Enable' : 'Disable', () => void setEnabled(current, connection, disabled)),
        stored && action('Delete', () => openDelete(connection), 'button-danger'),
      ),
  );
}

async function verify(current: Admin, connection: AdminConnection): Promise<void> {
  setStatus(`Verifying ${connection.name}…`);
  try {
    const { body } = await verifyConnection(current.client, connection.name, current.tenant);
    await refresh(current);
    setStatus(describeVerification(connection.name, body));
  } catch (error) {
    showError(error);
  }
}

async function setEnabled(current: Admin, connection: AdminConnection, enabled: boolean): Promise<void> {
  setStatus(`${enabled ? 'Enabling' : 'Disabling'} ${connection.name}…`);
  try {
    await updateConnection(current.client, connection.name, { enabled }, current.tenant);
    await refresh(current);
    setStatus(`${enabled ? 'Enabled' : 'Disabled'} ${connection.name}.`);
    focusAction(connection.name, enabled ? 'disable' : 'enable');
  } catch (error) {
    showError(error);
  }
}

async function add(current: Admin): Promise<void> {
  const [name, adapter, baseUrl] = [ui.addName, ui.addAdapter, ui.addBaseUrl].map((input) => input.value.trim()) as [string, string, string];
  const typed = readCredentialFields(ui.addCredentials);
  const options = parseOptions(ui.addOptions.value);
  if (!name || !adapter || !baseUrl) {
    showFormError(ui.addError, 'Give the connection a name, an adapter and a base URL.');
    return;
  }
  if ('problem' in typed) {
    showFormError(ui.addError, typed.problem);
    return;
  }
  if (typeof options === 'string') {
    showFormError(ui.addError, options);
    return;
  }
  const connection = { name, adapter, baseUrl, credentials: typed.credentials, options };
  // Sent once: from here on the secrets are only in this call, not in the page.
  resetCredentialFields(ui.addCredentials, 'Credentials');
  showFormError(ui.addError, null);
  setStatus(`Adding ${name}…`);
  try {
    await createConnection(current.client, connection, current.tenant, { verify: ui.addVerify.checked });
  } catch (error) {
    setStatus(`${name} was not added.`);
    showFormError(ui.addError, `${problemText(error)} Type the credentials again to retry.`);
    return;
  }
  resetAddForm();
  await refresh(current);
  setStatus(`Added ${name}${ui.addVerify.checked ? ': the provider accepted its credentials' : ''}.`);
}

function parseOptions(text: string): Record<string, unknown> | undefined | string {
  if (!text.trim()) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Said below.
  }
  return 'The options must be one JSON object, like {"pageSize": 50}.';
}

async function rotate(current: Admin, connection: AdminConnection): Promise<void> {
  const typed = readCredentialFields(ui.rotateCredentials);
  if ('problem' in typed) {
    showFormError(ui.rotateError, typed.problem);
    return;
  }
  const patch: ConnectionPatch = { credentials: typed.credentials };
  resetCredentialFields(ui.rotateCredentials, 'New credentials');
  showFormError(ui.rotateError, null);
  try {
    await updateConnection(current.client, connection.name, patch, current.tenant, { verify: ui.rotateVerify.checked });
  } catch (error) {
    showFormError(ui.rotateError, `${problemText(error)} Type the credentials again to retry.`);
    return;
  }
  closeDialog(ui.rotateDialog);
  await refresh(current);
  setStatus(`Rotated the credentials of ${connection.name}.`);
  focusAction(connection.name, 'rotate');
}

async function remove(current: Admin, connection: AdminConnection): Promise<void> {
  try {
    await deleteConnection(current.client, connection.name, current.tenant);
  } catch (error) {
    showFormError(ui.deleteError, problemText(error));
    return;
  }
  closeDialog(ui.deleteDialog);
  await refresh(current);
  setStatus(`Deleted ${connection.name}.`);
  ui.title.focus();
}

function openRotate(connection: AdminConnection): void {
  target = connection;
  ui.rotateTitle.textContent = `Rotate the credentials of ${connection.name}`;
  resetCredentialFields(ui.rotateCredentials, 'New credentials');
  ui.rotateVerify.checked = true;
  showFormError(ui.rotateError, null);
  ui.rotateDialog.showModal();
}

function openDelete(connection: AdminConnection): void {
  target = connection;
  ui.deleteTitle.textContent = `Delete ${connection.name}?`;
  ui.deleteWhat.textContent = `Its settings and credentials are erased; requests already under way finish, later ones find no connection ${connection.name}.`;
  showFormError(ui.deleteError, null);
  ui.deleteDialog.showModal();
}

/** A closed dialog keeps no typed secret. */
function closeDialog(dialog: HTMLDialogElement): void {
  if (dialog.open) dialog.close();
  if (dialog === ui.rotateDialog) resetCredentialFields(ui.rotateCredentials, 'New credentials');
}

function resetAddForm(): void {
  ui.addForm.reset();
  resetCredentialFields(ui.addCredentials, 'Credentials');
  showFormError(ui.addError, null);
}

function focusAction(connection: string, action: string): void {
  ui.list.querySelector<HTMLElement>(`[data-connection="${CSS.escape(connection)}"] [data-action="${action}"]`)?.focus();
}

function setStatus(text: string): void {
  ui.error.hidden = true;
  ui.status.textContent = text;
}

function showError(error: unknown): void {
  ui.status.textContent = '';
  ui.error.hidden = false;
  ui.error.textContent = problemText(error);
}

function showFormError(element: HTMLElement, message: string | null): void {
  element.hidden = message === null;
  element.textContent = message ?? '';
}

/** The gateway's words and its code; a 422 carries what the provider said about the credentials. */
function problemText(error: unknown): string {
  if (!(error instanceof GatewayProblem)) return 'Something failed unexpectedly.';
  if (error.unreachable) return `The gateway did not answer (${error.message}).`;
  return `${error.message || 'The gateway refused.'} (${error.code}, ${error.status})`;
}

ui.tenantForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!admin) return;
  const tenant = ui.tenant.value.trim();
  admin.tenant = tenant === '' || tenant === admin.claims?.tenant ? undefined : tenant;
  void refresh(admin, `Loading the connections of tenant ${tenantName(admin)}…`);
});
ui.addForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (admin) void add(admin);
});
ui.rotateForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (admin && target) void rotate(admin, target);
});
ui.deleteForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (admin && target) void remove(admin, target);
});
for (const dialog of [ui.rotateDialog, ui.deleteDialog]) {
  dialog.querySelector('[data-close]')?.addEventListener('click', () => closeDialog(dialog));
  // Escape closes a modal dialog by itself; its typed secrets go too.
  dialog.addEventListener('close', () => {
    if (dialog === ui.rotateDialog) resetCredentialFields(ui.rotateCredentials, 'New credentials');
  });
}
