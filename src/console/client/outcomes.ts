import type { ConnectionDescription, ConnectionOutcome, FanOut } from './gateway-client';

/**
 * What happened at each connection, as the console's strip and the CLI's table show it. A fan-out
 * reports per connection: `ok` with a count, `exists-only` (the provider only says whether an
 * account exists), `unsupported` (it cannot search this way) or `error` with the gateway's code.
 */
type StripState = 'ready' | 'breaker-open' | 'searching' | 'not-asked' | 'ok' | 'exists-only' | 'unsupported' | 'error';

export interface StripEntry {
  connection: string;
  state: StripState;
  /** The state in words (`ok`, `exists-only`, `breaker open`...). */
  label: string;
  detail: string;
  latency: string | null;
}

export function describeOutcome(connection: string, outcome: ConnectionOutcome): StripEntry {
  switch (outcome.status) {
    case 'ok':
      if (outcome.exists !== undefined) {
        const detail = outcome.exists ? 'an account exists (no details shared)' : 'no account';
        return entry(connection, 'exists-only', detail, outcome.latencyMs);
      }
      return entry(connection, 'ok', `${outcome.count} found`, outcome.latencyMs);
    case 'unsupported':
      return entry(connection, 'unsupported', 'cannot search this way');
    case 'error':
      return entry(connection, 'error', `${outcome.error.code} (${outcome.error.status})`, outcome.latencyMs);
  }
}

/** Before any search: what each connection can search by, and whether its breaker is open. */
export function idleEntry(connection: ConnectionDescription): StripEntry {
  if (connection.health.breaker === 'open') return entry(connection.name, 'breaker-open', 'failing; calls refused for now');
  const lookups = connection.capabilities.lookup.map((key) => LOOKUP_WORDS[key]).join(', ');
  return entry(connection.name, 'ready', lookups ? `searches by ${lookups}` : 'reads by id only');
}

export function pendingEntry(connection: string, asked: boolean): StripEntry {
  return asked ? entry(connection, 'searching', '') : notAskedEntry(connection);
}

export function notAskedEntry(connection: string): StripEntry {
  return entry(connection, 'not-asked', '');
}

/** One sentence over a whole fan-out: how much was found, and what may be missing. */
export function describeFanOut(fanOut: FanOut): string {
  const outcomes = Object.entries(fanOut.connections);
  const found = fanOut.data.length;
  const sentences = [
    `${found === 0 ? 'No' : found} account${found === 1 ? '' : 's'} found; ${outcomes.length} connection${outcomes.length === 1 ? '' : 's'} asked.`,
  ];
  const failed = outcomes.filter(([, outcome]) => outcome.status === 'error').map(([name]) => name);
  if (failed.length) sentences.push(`${failed.join(', ')} failed, so results may be incomplete.`);
  const existing = outcomes.filter(([, outcome]) => outcome.status === 'ok' && outcome.exists).map(([name]) => name);
  if (existing.length) sentences.push(`${existing.join(', ')}: an account exists, without details.`);
  const cut = outcomes.filter(([, outcome]) => outcome.status === 'ok' && outcome.truncated).map(([name]) => name);
  if (cut.length) sentences.push(`${cut.join(', ')} found more accounts than one answer carries; narrow the search.`);
  return sentences.join(' ');
}

const LOOKUP_WORDS = { email: 'email', phone: 'phone', nationalId: 'national id' } as const;

const LABELS: Record<StripState, string> = {
  ready: 'ready',
  'breaker-open': 'breaker open',
  searching: 'searching…',
  'not-asked': 'not asked',
  ok: 'ok',
  'exists-only': 'exists-only',
  unsupported: 'unsupported',
  error: 'error',
};

function entry(connection: string, state: StripState, detail: string, latencyMs?: number): StripEntry {
  return { connection, state, label: LABELS[state], detail, latency: latencyMs === undefined ? null : `${latencyMs} ms` };
}
