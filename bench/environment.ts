import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { mintToken } from '../src/auth/jwt';
import type { Scope } from '../src/auth/principal';
import type { CacheConfig } from '../src/config/schema';
import { startGateway, type GatewayUnderTest } from './processes/gateway';
import type { Simulators } from './processes/simulators';
import type { Profile } from './profile';

const JWT = { audience: 'usergate-bench', issuer: 'usergate-bench' };
const READ_SCOPES: Scope[] = ['users:read', 'users:pii'];

/** What every scenario gets: the running simulators, a way to start gateways, and a client token. */
export interface BenchEnvironment {
  profile: Profile;
  simulators: Simulators;
  /** `Authorization` for a client that reads users (with PII), as an aggregator would. */
  authorization: string;
  /** The same, for an ops client that may act in any tenant (`tenants: ["*"]`, the tenant named per request in `Usergate-Tenant`). */
  opsAuthorization: string;
  /** Where the bench keeps its files for this run (configs, logs, stores). */
  workDir: string;
  /**
   * A gateway process without the per-client rate limit, with one connection per entry of
   * `connections` (its name → the provider whose simulator it calls) and a store of its own in the
   * work directory unless `extra` says otherwise (`extra` is merged into its config, `env` into its environment).
   */
  startGateway(
    name: string,
    connections: Record<string, string>,
    cache: Partial<CacheConfig>,
    extra?: Record<string, unknown>,
    env?: Record<string, string>,
    /** More than one: `usergate serve --workers N`. */
    workers?: number,
    /** Another build's `dist/src/main.js` (one process only). */
    main?: string,
  ): Promise<GatewayUnderTest>;
}

export function benchEnvironment(profile: Profile, simulators: Simulators, workDir: string): BenchEnvironment {
  const secret = randomBytes(32).toString('base64url');
  const token = mintToken({ secret, algorithms: ['HS256'], ...JWT }, { subject: 'bench-client', scopes: READ_SCOPES, ttlSeconds: 3600 });
  const opsToken = mintToken({ secret, algorithms: ['HS256'], ...JWT }, { subject: 'bench-ops', scopes: READ_SCOPES, tenants: ['*'], ttlSeconds: 3600 });
  return {
    profile,
    simulators,
    authorization: `Bearer ${token}`,
    opsAuthorization: `Bearer ${opsToken}`,
    workDir,
    startGateway(name, connections, cache, extra = {}, env = {}, workers = 1, main?: string) {
      const config = {
        server: { host: '127.0.0.1' },
        metrics: { port: 0 },
        auth: { jwt: { secret: '${USERGATE_BENCH_JWT_SECRET}', ...JWT } },
        rateLimit: false,
        cache,
        store: { sqlite: { path: join(workDir, `${name}.db`) } },
        connections: Object.fromEntries(
          Object.entries(connections).map(([connectionName, provider]) => {
            const { baseUrl, credentials, options } = simulators.byProvider(provider);
            return [connectionName, { adapter: provider, baseUrl, credentials, options }];
          }),
        ),
        ...extra,
      };
      return startGateway(name, config, { ...env, USERGATE_BENCH_JWT_SECRET: secret }, workDir, workers, main);
    },
  };
}
