import { provenanceRows } from '../client/field-origins';
import { GatewayProblem } from '../../client';
import { GatewayClient, type ConnectionDescription, type ConnectionOutcome, type Lookup, type People, type UserWithProvenance } from '../client/gateway-client';
import { describeFanOut, describeOutcome, idleEntry, notAskedEntry, pendingEntry, type StripEntry } from '../client/outcomes';
import { describePeople } from '../client/people';
import { recogniseNationalIdSearch, recogniseSearch } from '../client/search';
import { canSeePii, readTokenClaims, type TokenClaims } from '../client/token-claims';
import { showConnections, startConnections, stopConnections } from './connections-view';
import { byId } from './dom';
import { peopleView } from './people-view';
import { accountCard, accountsGroup, emptyState, errorState, originDetails, stripItems } from './render';
import { forgetToken, storeToken, storedToken, takeTokenFromFragment } from './session';

/**
 * The ops console: sign in with a token, search every connection, and read the people found (their
 * accounts side by side, why they were linked, where each value came from), or the plain accounts.
 */

const ui = {
  signIn: byId('sign-in', HTMLFormElement),
  token: byId('token', HTMLInputElement),
  signInError: byId('sign-in-error', HTMLElement),
  session: byId('session', HTMLElement),
  sessionWho: byId('session-who', HTMLElement),
  signOut: byId('sign-out', HTMLButtonElement),
  workspace: byId('workspace', HTMLElement),
  navSearch: byId('nav-search', HTMLAnchorElement),
  navConnections: byId('nav-connections', HTMLAnchorElement),
  searchView: byId('search-view', HTMLElement),
  connectionsView: byId('connections-view', HTMLElement),
  search: byId('search', HTMLFormElement),
  mode: byId('search-mode', HTMLSelectElement),
  query: byId('query', HTMLInputElement),
  queryLabel: byId('query-label', HTMLLabelElement),
  nationalityField: byId('nationality-field', HTMLElement),
  nationality: byId('nationality', HTMLInputElement),
  searchError: byId('search-error', HTMLElement),
  status: byId('status', HTMLElement),
  viewChoice: byId('view-choice', HTMLFieldSetElement),
  accountsView: byId('view-accounts', HTMLInputElement),
  strip: byId('strip', HTMLElement),
  results: byId('results-body', HTMLElement),
};

interface Session {
  client: GatewayClient;
  claims: TokenClaims | null;
  connections: ConnectionDescription[];
}

/** A lookup's answer, kept so that switching between People and Accounts needs no new call. */
interface ShownLookup {
  people: People;
  description: string;
  piiVisible: boolean;
}

let session: Session | null = null;
/** The search in flight; a newer search or Escape cancels it. */
let inFlight: AbortController | null = null;
let shown: ShownLookup | null = null;

async function signIn(token: string): Promise<void> {
  const client = new GatewayClient({ token });
  try {
    const { body } = await client.connections();
    storeToken(token);
    session = { client, claims: readTokenClaims(token), connections: body.data };
  } catch (error) {
    showSignIn(signInProblem(error));
    return;
  }
  ui.signIn.hidden = true;
  ui.token.value = '';
  ui.workspace.hidden = false;
  ui.session.hidden = false;
  ui.sessionWho.textContent = describeSession(session.claims);
  showIdle(session, `Signed in. ${session.connections.length} connection${session.connections.length === 1 ? '' : 's'} to search.`);
  startConnections(client, session.claims);
  showPage();
}

/** The page the address names: `#connections`, or the search (so that a reload stays where it was). */
function showPage(): void {
  if (!session) return;
  const connections = location.hash === '#connections';
  ui.searchView.hidden = connections;
  ui.connectionsView.hidden = !connections;
  for (const [link, current] of [
    [ui.navSearch, !connections],
    [ui.navConnections, connections],
  ] as const) {
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (connections) void showConnections();
  else ui.query.focus();
}

function showSignIn(problem?: string): void {
  session = null;
  forgetToken();
  stopConnections();
  ui.workspace.hidden = true;
  ui.session.hidden = true;
  ui.signIn.hidden = false;
  ui.signInError.hidden = !problem;
  ui.signInError.textContent = problem ?? '';
  ui.token.focus();
}

function signInProblem(error: unknown): string {
  if (!(error instanceof GatewayProblem)) return 'Signing in failed unexpectedly.';
  if (error.code === 'unauthorized') return 'The gateway refused this token (unauthorized): it is malformed, expired or for another gateway.';
  return `${failureTitle(error)} ${error.message} (${error.code})`;
}

function describeSession(claims: TokenClaims | null): string {
  if (!claims) return 'Signed in';
  const until = claims.expiresAt ? ` · until ${claims.expiresAt.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : '';
  const reach = claims.connections ? ` · only ${claims.connections.join(', ')}` : '';
  return `${claims.subject ?? 'Signed in'} · ${claims.scopes.join(' ') || 'no scopes'}${reach}${until}`;
}

async function search(): Promise<void> {
  if (!session) return;
  const searched = ui.mode.value === 'national-id' ? recogniseNationalIdSearch(ui.query.value, ui.nationality.value) : recogniseSearch(ui.query.value);
  if (searched.kind === 'invalid') {
    showSearchError(searched.message);
    return;
  }
  showSearchError(null);
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  setStatus(`Searching for ${searched.description}…`);
  ui.results.setAttribute('aria-busy', 'true');
  try {
    if (searched.kind === 'lookup') await showLookup(session, searched.lookup, searched.description, controller.signal);
    else await showUser(session, searched.id, searched.description, controller.signal);
  } catch (error) {
    if (!controller.signal.aborted) showFailure(error);
  } finally {
    if (inFlight === controller) {
      inFlight = null;
      ui.results.removeAttribute('aria-busy');
    }
  }
}

/** Email, phone and national-id searches ask for people: the answer holds the plain accounts too. */
async function showLookup({ client, connections, claims }: Session, lookup: Lookup, description: string, signal: AbortSignal): Promise<void> {
  setStrip(connections.map(({ name }) => pendingEntry(name, true)));
  let people: People;
  try {
    people = (await client.findPeople(lookup, signal)).body;
  } catch (error) {
    setStrip(connections.map(({ name }) => notAskedEntry(name)));
    throw error;
  }
  setStrip(connections.map(({ name }) => (people.connections[name] ? describeOutcome(name, people.connections[name]) : notAskedEntry(name))));
  const summary = describeFanOut({ data: people.accounts, connections: people.connections });
  setStatus(`${description}: ${summary} ${describePeople(people)}`.trim());
  if (people.accounts.length === 0 && people.existsOnly.length === 0) {
    showPlainResults(emptyState(`No accounts match ${description}.`, summary));
    return;
  }
  shown = { people, description, piiVisible: canSeePii(claims) };
  ui.viewChoice.hidden = false;
  renderLookup(shown);
}

/** A lookup's answer as people or as plain accounts, whichever is chosen. */
function renderLookup({ people, description, piiVisible }: ShownLookup): void {
  if (ui.accountsView.checked) {
    const cards = people.accounts.map((account) => accountCard(account, { piiVisible, key: `account-${account.id}` }));
    ui.results.replaceChildren(accountsGroup(`Accounts for ${description}`, cards));
  } else {
    ui.results.replaceChildren(...peopleView(people, piiVisible));
  }
}

/** Anything but a lookup's accounts (one account, an empty or failed search): nothing to view two ways. */
function showPlainResults(...content: HTMLElement[]): void {
  shown = null;
  ui.viewChoice.hidden = true;
  ui.results.replaceChildren(...content);
}

/** A global id names its connection: only that one is asked. */
async function showUser({ client, connections, claims }: Session, id: string, description: string, signal: AbortSignal): Promise<void> {
  const connection = id.slice(0, id.indexOf(':'));
  setStrip(connections.map(({ name }) => pendingEntry(name, name === connection)));
  const started = performance.now();
  const outcome = (result: ConnectionOutcome) => updateStripEntry(describeOutcome(connection, result));
  const latencyMs = () => Math.round(performance.now() - started);
  let answer: UserWithProvenance;
  try {
    answer = (await client.getUserWithProvenance(id, signal)).body;
  } catch (error) {
    if (!(error instanceof GatewayProblem) || error.unreachable) throw error;
    if (error.code !== 'user_not_found') {
      outcome({ status: 'error', error: { code: error.code, status: error.status }, latencyMs: latencyMs() });
      throw error;
    }
    outcome({ status: 'ok', count: 0, latencyMs: latencyMs() });
    setStatus(`No account has ${description}.`);
    showPlainResults(emptyState(`No account has ${description}.`, error.message));
    return;
  }
  outcome({ status: 'ok', count: 1, latencyMs: latencyMs() });
  setStatus(`Found the account with ${description}.`);
  const { provenance, ...user } = answer;
  const piiVisible = canSeePii(claims);
  const origins = originDetails('provenance', ['Where does this come from?'], provenanceRows(provenance, piiVisible));
  showPlainResults(accountsGroup(`Account ${id}`, [accountCard(user, { piiVisible, key: id, more: origins })]));
}

function showFailure(error: unknown): void {
  const failure = error instanceof GatewayProblem ? error : GatewayProblem.unanswered(String(error));
  if (failure.code === 'unauthorized') {
    showSignIn('The gateway no longer accepts this token (expired?). Sign in again.');
    return;
  }
  setStatus(failureTitle(failure));
  showPlainResults(errorState(failureTitle(failure), failure.message, failure.code));
}

function failureTitle(error: GatewayProblem): string {
  if (error.unreachable) return 'The gateway did not answer.';
  if (error.code === 'forbidden') return 'This token may not do that.';
  if (error.status >= 400 && error.status < 500) return 'The gateway refused the search.';
  return 'The search failed.';
}

function clear(current: Session): void {
  inFlight?.abort();
  ui.query.value = '';
  showSearchError(null);
  showIdle(current, 'Cleared.');
  ui.query.focus();
}

function showIdle(current: Session, status: string): void {
  setStrip(current.connections.map(idleEntry));
  showPlainResults(emptyState('Search for a person.', 'Results from every connection appear here side by side.'));
  setStatus(status);
}

function setStrip(entries: StripEntry[]): void {
  ui.strip.replaceChildren(...stripItems(entries));
}

function updateStripEntry(entry: StripEntry): void {
  ui.strip.querySelector(`[data-connection="${CSS.escape(entry.connection)}"]`)?.replaceWith(...stripItems([entry]));
}

function setStatus(text: string): void {
  ui.status.textContent = text;
}

function showSearchError(message: string | null): void {
  ui.searchError.hidden = message === null;
  ui.searchError.textContent = message ?? '';
  ui.query.setAttribute('aria-invalid', String(message !== null));
}

function applyMode(): void {
  const byNationalId = ui.mode.value === 'national-id';
  ui.nationalityField.hidden = !byNationalId;
  ui.nationality.required = byNationalId;
  ui.queryLabel.textContent = byNationalId ? 'National id' : 'Email, phone or global id';
  ui.query.placeholder = byNationalId ? '48804120123' : 'egle.jankauskiene@example.com';
}

/** Where `/` is a character being typed (not on a radio button, say). */
function isTyping(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement) return !['radio', 'checkbox'].includes(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

ui.signIn.addEventListener('submit', (event) => {
  event.preventDefault();
  if (ui.token.value.trim()) void signIn(ui.token.value.trim());
});
ui.signOut.addEventListener('click', () => showSignIn());
ui.search.addEventListener('submit', (event) => {
  event.preventDefault();
  void search();
});
ui.mode.addEventListener('change', applyMode);
ui.viewChoice.addEventListener('change', () => {
  if (shown) renderLookup(shown);
});
document.addEventListener('keydown', (event) => {
  if (!session || ui.searchView.hidden || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === '/' && !isTyping(event.target)) {
    event.preventDefault();
    ui.query.focus();
  } else if (event.key === 'Escape' && !ui.workspace.hidden) {
    event.preventDefault();
    clear(session);
  }
});

// Only the two pages' own addresses: the skip link's #results is a jump within the search page.
window.addEventListener('hashchange', () => {
  if (['#search', '#connections'].includes(location.hash)) showPage();
});

applyMode();
const token = takeTokenFromFragment() ?? storedToken();
if (token) void signIn(token);
else showSignIn();
