import type { CanonicalUser } from '../canonical/user';
import { credentialsLabel, lastErrorLabel, lastVerifiedLabel, stateLabel } from '../console/client/connection-health';
import type { AdminConnection } from '../console/client/connections-admin';
import type { FanOut } from '../console/client/gateway-client';
import { describeFanOut, describeOutcome } from '../console/client/outcomes';
import { displayName, keyFields, MISSING, providerLabel } from '../console/client/user-fields';
import { formatTable } from './table';
import { visible } from './terminal-text';

/** Human output of the CLI: the same words as the console's cards and strip, as text. */

export function renderUser(user: CanonicalUser, piiVisible: boolean): string {
  const rows = [
    ['Connection', providerLabel(user)],
    ['Status', user.status ?? 'unknown'],
    ['Verification', user.verification ?? 'unknown'],
    ...keyFields(user, piiVisible).map((row) => [row.label, row.text]),
  ];
  return `${visible(displayName(user))}  ${visible(user.id)}\n${indent(formatTable(rows))}`;
}

export function renderFanOut(fanOut: FanOut): string {
  const users = fanOut.data.length
    ? formatTable([
        ['ID', 'CONNECTION', 'NAME', 'EMAIL', 'PHONE', 'STATUS', 'VERIFICATION'],
        ...fanOut.data.map((user) => [
          user.id,
          user.connection,
          displayName(user),
          user.email ?? MISSING,
          user.phone ?? MISSING,
          user.status ?? MISSING,
          user.verification ?? MISSING,
        ]),
      ])
    : 'No users found.\n';
  const outcomes = formatTable([
    ['CONNECTION', 'OUTCOME', 'DETAIL', 'LATENCY'],
    ...Object.entries(fanOut.connections).map(([name, outcome]) => {
      const entry = describeOutcome(name, outcome);
      return [name, entry.label, entry.detail, entry.latency ?? MISSING];
    }),
  ]);
  return `${users}\n${outcomes}\n${visible(describeFanOut(fanOut))}\n`;
}

export function renderConnections(connections: AdminConnection[]): string {
  if (!connections.length) return 'This token reaches no connections.\n';
  return formatTable([
    ['NAME', 'ADAPTER', 'SOURCE', 'STATE', 'BREAKER', 'LAST VERIFIED', 'LAST ERROR'],
    ...connections.map((connection) => [
      connection.name,
      connection.adapter,
      connection.source ?? MISSING,
      stateLabel(connection),
      connection.health.breaker ?? MISSING,
      lastVerifiedLabel(connection),
      lastErrorLabel(connection.lastError),
    ]),
  ]);
}

/** One connection as a card: settings, which credentials (never what they are) and health. */
export function renderConnection(connection: AdminConnection): string {
  const { capabilities } = connection;
  const rows = [
    ['Adapter', connection.adapter],
    ['Source', connection.source ?? MISSING],
    ['State', stateLabel(connection)],
    ['Base URL', connection.baseUrl ?? MISSING],
    ['Credentials', credentialsLabel(connection)],
    ['Last verified', lastVerifiedLabel(connection)],
    ['Last error', lastErrorLabel(connection.lastError)],
    ['Searches by', `${capabilities.lookup.join(', ') || MISSING}${capabilities.lookupMode === 'exists' ? ' (exists only)' : ''}`],
    ['Operations', (['get', 'create', 'update', 'delete'] as const).filter((operation) => capabilities[operation]).join(' ') || MISSING],
    ['Breaker', connection.health.breaker ?? MISSING],
    ...(connection.options && Object.keys(connection.options).length ? [['Options', JSON.stringify(connection.options)]] : []),
    ...(connection.timeouts && Object.keys(connection.timeouts).length ? [['Timeouts', JSON.stringify(connection.timeouts)]] : []),
  ];
  return `${visible(connection.name)}\n${indent(formatTable(rows))}`;
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '  ');
}
