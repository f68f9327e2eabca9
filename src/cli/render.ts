import type { CanonicalUser } from '../canonical/user';
import type { ConnectionDescription, FanOut } from '../console/client/gateway-client';
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

export function renderConnections(connections: ConnectionDescription[]): string {
  if (!connections.length) return 'This token reaches no connections.\n';
  return formatTable([
    ['NAME', 'ADAPTER', 'SEARCHES BY', 'OPERATIONS', 'BREAKER'],
    ...connections.map(({ name, adapter, capabilities, health }) => [
      name,
      adapter,
      `${capabilities.lookup.join(', ') || MISSING}${capabilities.lookupMode === 'exists' ? ' (exists only)' : ''}`,
      (['get', 'create', 'update', 'delete'] as const).filter((operation) => capabilities[operation]).join(' ') || MISSING,
      health.breaker,
    ]),
  ]);
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '  ');
}
