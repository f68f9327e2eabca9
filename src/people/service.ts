import type { CanonicalUser } from '../canonical/user';
import type { TenantRegistry } from '../connections/tenant-registry';
import type { UserOperations } from '../users/audited';
import { lookupKey, type ConnectionOutcome, type InboundContext, type LookupRequest } from '../users/service';
import { groupAccounts, type Person } from './group';
import type { AccountPair } from './link';

interface ExistsOnly {
  connection: string;
  provider: string;
  /** What the provider confirmed an account for: the searched key. */
  matchedBy: string;
}

export interface PeopleResult {
  data: (Person & { elsewhere: ExistsOnly[] })[];
  candidates: AccountPair[];
  /** Accounts at providers that only say whether one exists, not attributable to one person. */
  existsOnly: ExistsOnly[];
  accounts: CanonicalUser[];
  connections: Record<string, ConnectionOutcome>;
  /** What was left out past the caps (ANSWER_LIMITS), when anything was. */
  truncated?: ('accounts' | 'links' | 'candidates')[];
}

/** The fan-out lookup, with the accounts grouped into the people they belong to (DESIGN: person view). */
export class PeopleService {
  constructor(
    private readonly users: UserOperations,
    private readonly registry: TenantRegistry,
  ) {}

  async find(request: LookupRequest, context: InboundContext): Promise<PeopleResult> {
    const found = await this.users.find(request, context);
    const connections = this.registry.forTenant(context.tenant);
    const { people, candidates, truncated } = groupAccounts(found.data, (user) => connections.entry(user.connection)?.adapter.fieldSources);
    const accountsLeftOut = Object.values(found.connections).some((outcome) => outcome.status === 'ok' && outcome.truncated);
    const leftOut = [...(accountsLeftOut ? (['accounts'] as const) : []), ...truncated];
    const matchedBy = lookupKey(request);
    const existsOnly = Object.entries(found.connections).flatMap(([connection, outcome]) => {
      const adapter = connections.entry(connection)?.adapter;
      return adapter && outcome.status === 'ok' && outcome.exists === true ? [{ connection, provider: adapter.name, matchedBy }] : [];
    });
    // An account known only to exist belongs to the one person found, if there is exactly one.
    const attributable = people.length === 1;
    return {
      data: people.map((person) => ({ ...person, elsewhere: attributable ? existsOnly : [] })),
      candidates,
      existsOnly: attributable ? [] : existsOnly,
      accounts: found.data,
      connections: found.connections,
      ...(leftOut.length > 0 && { truncated: leftOut }),
    };
  }
}
