import Joi from 'joi';
import type { LogLevel } from '../logging/logger';
import { tracingConfigSchema, type TracingSettings } from '../observability/tracing-settings';
import type { BreakerSettings } from '../resilience/breaker';
import type { Quota } from '../resilience/outbound-limit';
import type { OutageCopyBounds } from '../cache/outage-copy';
import type { RedisConfig } from '../storage/redis';

const JWT_SYMMETRIC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
const JWT_ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'ES512'] as const;
type JwtAlgorithm = (typeof JWT_SYMMETRIC_ALGORITHMS)[number] | (typeof JWT_ASYMMETRIC_ALGORITHMS)[number];

/** Joi's default pattern messages repeat the offending value, which may be a secret. */
export const SAFE_MESSAGES: Joi.LanguageMessages = {
  'string.pattern.base': '{{#label}} does not match the expected format',
  'string.pattern.name': '{{#label}} is not a valid {{#name}}',
};

export interface JwtConfig {
  secret?: string;
  publicKey?: string;
  algorithms: JwtAlgorithm[];
  audience: string;
  issuer: string;
  clockToleranceSeconds: number;
  /** The furthest `exp` accepted, from now: a longer-lived token is refused. */
  maxLifetimeSeconds: number;
}

export interface CacheConfig {
  enabled: boolean;
  /** Served as fresh until then. */
  softTtlSeconds: number;
  /** After that, served at once while one background call refreshes it, for this long. */
  staleWhileRevalidateSeconds: number;
  /** Served when the provider fails (stale-if-error) until then; also how long entries are kept. */
  hardTtlSeconds: number;
}

export interface ConnectionConfig {
  adapter: string;
  baseUrl: string;
  credentials: Record<string, unknown>;
  options: Record<string, unknown>;
  timeouts: { attemptMs: number; totalMs: number };
  /** Upstream calls in flight at once, and how many more may wait for a slot. */
  maxConcurrency: number;
  maxQueue: number;
  /** Retries of idempotent reads (0 to 2). */
  retries: number;
  breaker: BreakerSettings;
  /** Outbound pacing, one window or several; defaults to 90% of each of the adapter's published quotas. `false` turns it off. */
  outboundLimit?: Quota | Quota[] | false;
  cache?: Partial<CacheConfig>;
  /** Send the request's `traceparent` to this provider: off by default, a third party has no business with our trace ids. */
  propagateTraceContext: boolean;
}

/** Where tenants' stored connections are kept (DESIGN §8): a SQLite file by default, or PostgreSQL for several instances. */
export interface StoreConfig {
  sqlite?: { path: string };
  postgres?: { url: string; poolSize: number; schema?: string };
  /** How often the catalog checks the store for changes it was not told about; by default 500 ms on SQLite, 5000 on PostgreSQL. */
  pollIntervalMs?: number;
}

export const DEFAULT_SQLITE_PATH = './data/usergate.db';
/** A PostgreSQL schema of usergate's own: a plain identifier, as it goes into `search_path` and a NOTIFY channel. */
export const POSTGRES_SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;

/** `server.trustProxy`: none, a number of proxy hops, or the proxies' addresses (IPs, CIDR ranges, `loopback`, ...). */
export type TrustProxy = false | number | string[];

export interface GatewayConfig {
  server: {
    port: number;
    host: string;
    bodyLimitBytes: number;
    shutdownDelayMs: number;
    /** The most a client may take to send a whole request (headers and body), and its headers alone. */
    requestTimeoutMs: number;
    headersTimeoutMs: number;
    /** How long an idle keep-alive connection is kept. */
    keepAliveTimeoutMs: number;
    /**
     * The proxies in front whose `X-Forwarded-For` names the client (as many hops, or their
     * addresses); `false`: the peer is the client. The per-address `authFailureLimit` counts by it.
     */
    trustProxy: TrustProxy;
  };
  auth: { jwt: JwtConfig };
  redis?: RedisConfig;
  /** Per client (token issuer and subject), shared by every instance when Redis is configured. */
  rateLimit: { requests: number; perSeconds: number } | false;
  /** Prometheus `/metrics` on a listener of its own (never the API port); `false`: none. */
  metrics: { port: number; host: string } | false;
  /** Failed authentications per client address before it is refused for the rest of the window. */
  authFailureLimit: { requests: number; perSeconds: number } | false;
  /**
   * `statusHeader`: send `Cache-Status` (which tells a client that another read the same user); for operators.
   * `outageCopy`: with Redis, the bounds of this instance's own copy of what it read, served while Redis is unusable.
   */
  cache: CacheConfig & { statusHeader: boolean; outageCopy: OutageCopyBounds };
  /** `audit`: where the audit stream goes (stderr by default, apart from the service log on stdout). */
  logging: { level: LogLevel; audit: string };
  connections: Record<string, ConnectionConfig>;
  store: StoreConfig;
  /** OpenTelemetry traces over OTLP/HTTP; off (undefined) unless the file or the `OTEL_*` environment turns them on. */
  tracing?: TracingSettings;
  /**
   * Per adapter, the URL prefixes a stored connection's `baseUrl` must lie under (DESIGN §8); an
   * adapter not named here allows its provider's documented hosts (`documentedBaseUrls`).
   */
  allowedBaseUrls: Record<string, string[]>;
}

/** Connection names become the prefix of global ids (`<connection>:<providerUserId>`). */
export const CONNECTION_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

/** Any connection's name, declared (`CONNECTION_NAME`) or stored (which may begin with a digit): what answers and claims name. */
export const ANY_CONNECTION_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const jwtSchema = Joi.object<JwtConfig>({
  secret: Joi.string().min(32),
  publicKey: Joi.string().pattern(/-----BEGIN [A-Z ]*PUBLIC KEY-----/, 'PEM public key'),
  algorithms: Joi.when('secret', {
    is: Joi.exist(),
    then: Joi.array()
      .items(Joi.string().valid(...JWT_SYMMETRIC_ALGORITHMS))
      .min(1)
      .default(['HS256']),
    otherwise: Joi.array()
      .items(Joi.string().valid(...JWT_ASYMMETRIC_ALGORITHMS))
      .min(1)
      .default(['RS256', 'ES256']),
  }),
  audience: Joi.string().required(),
  issuer: Joi.string().required(),
  clockToleranceSeconds: Joi.number().integer().min(0).max(300).default(30),
  maxLifetimeSeconds: Joi.number()
    .integer()
    .min(60)
    .max(366 * 86_400)
    .default(86_400),
})
  .xor('secret', 'publicKey')
  .messages({ 'object.xor': '{{#label}} must have either secret or publicKey, not both' });

const quotaSchema = Joi.object<Quota>({
  requests: Joi.number().integer().min(1).required(),
  perSeconds: Joi.number().min(1).required(),
});

const cacheOverrideSchema = Joi.object<Partial<CacheConfig>>({
  enabled: Joi.boolean(),
  softTtlSeconds: Joi.number().min(0).max(86_400),
  staleWhileRevalidateSeconds: Joi.number().min(0).max(86_400),
  hardTtlSeconds: Joi.number()
    .min(0)
    .max(7 * 86_400),
});

const cacheSchema = cacheOverrideSchema
  .keys({
    enabled: Joi.boolean().default(true),
    softTtlSeconds: Joi.number().min(0).max(86_400).default(30),
    staleWhileRevalidateSeconds: Joi.number().min(0).max(86_400).default(30),
    hardTtlSeconds: Joi.number()
      .min(0)
      .max(7 * 86_400)
      .default(300),
  })
  .append<GatewayConfig['cache']>({
    statusHeader: Joi.boolean().default(false),
    outageCopy: Joi.object({
      maxEntries: Joi.number().integer().min(0).max(1_000_000).default(10_000),
      maxBytes: Joi.number()
        .integer()
        .min(0)
        .max(1024 ** 3)
        .default(32 * 1024 ** 2),
    }).default(),
  });

const connectionSchema = Joi.object<ConnectionConfig>({
  adapter: Joi.string().required(),
  baseUrl: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .required(),
  credentials: Joi.object().unknown(true).default({}),
  options: Joi.object().unknown(true).default({}),
  timeouts: Joi.object({
    attemptMs: Joi.number().integer().min(50).max(120_000).default(5_000),
    totalMs: Joi.number().integer().min(50).max(300_000).default(10_000),
  }).default(),
  maxConcurrency: Joi.number().integer().min(1).max(10_000).default(64),
  maxQueue: Joi.number().integer().min(0).max(100_000).default(256),
  retries: Joi.number().integer().min(0).max(2).default(2),
  breaker: Joi.object({
    failureRate: Joi.number().greater(0).max(1).default(0.5),
    minimumCalls: Joi.number().integer().min(1).default(20),
    windowMs: Joi.number().integer().min(1_000).default(30_000),
    halfOpenAfterMs: Joi.number().integer().min(100).default(10_000),
  }).default(),
  outboundLimit: Joi.alternatives(Joi.valid(false), quotaSchema, Joi.array().items(quotaSchema).min(1).unique('perSeconds')),
  cache: cacheOverrideSchema,
  propagateTraceContext: Joi.boolean().default(false),
});

export const gatewayConfigSchema = Joi.object<GatewayConfig>({
  server: Joi.object({
    port: Joi.number().port().default(8080),
    host: Joi.string().default('0.0.0.0'),
    bodyLimitBytes: Joi.number()
      .integer()
      .min(1024)
      .max(50 * 1024 * 1024)
      .default(100 * 1024),
    // NOTE: not 0: a keep-alive connection closed at once on SIGTERM can be reset under a request the
    // client is sending on it; 3 s lets load balancers see /readyz fail and clients hear `Connection: close` first.
    shutdownDelayMs: Joi.number().integer().min(0).max(120_000).default(3_000),
    requestTimeoutMs: Joi.number().integer().min(1_000).max(300_000).default(30_000),
    headersTimeoutMs: Joi.number().integer().min(500).max(Joi.ref('requestTimeoutMs')).default(10_000),
    keepAliveTimeoutMs: Joi.number().integer().min(500).max(120_000).default(5_000),
    // NOTE: never `true`: that believes the header's first address, which the client writes itself.
    trustProxy: Joi.alternatives(
      Joi.valid(false),
      Joi.number().integer().min(1).max(10),
      Joi.array()
        .items(Joi.alternatives(Joi.string().valid('loopback', 'linklocal', 'uniquelocal'), Joi.string().ip({ cidr: 'optional' })))
        .min(1)
        .max(100),
    ).default(false),
  }).default(),
  auth: Joi.object({ jwt: jwtSchema.required() }).required(),
  redis: Joi.object({
    url: Joi.string().uri({ scheme: ['redis', 'rediss'] }),
    cluster: Joi.object({ nodes: Joi.array().items(Joi.string()).min(1).required() }),
    sentinel: Joi.object({
      sentinels: Joi.array().items(Joi.string()).min(1).required(),
      name: Joi.string().required(),
      password: Joi.string(),
      sentinelPassword: Joi.string(),
      idempotencyReplicas: Joi.number().integer().min(0).max(10).default(1),
    }),
    keyPrefix: Joi.string().default('usergate:'),
    commandTimeoutMs: Joi.number().integer().min(10).max(10_000).default(250),
    requiredForReadiness: Joi.boolean().default(false),
    instances: Joi.number().integer().min(1).max(1_000),
  }).xor('url', 'cluster', 'sentinel'),
  rateLimit: Joi.alternatives(Joi.valid(false), quotaSchema).default({ requests: 100, perSeconds: 1 }),
  authFailureLimit: Joi.alternatives(Joi.valid(false), quotaSchema).default({ requests: 30, perSeconds: 60 }),
  metrics: Joi.alternatives(Joi.valid(false), Joi.object({ port: Joi.number().port().default(9464), host: Joi.string().default('127.0.0.1') })).default({
    port: 9464,
    host: '127.0.0.1',
  }),
  cache: cacheSchema.default(),
  logging: Joi.object({
    level: Joi.string().valid('error', 'warn', 'info', 'debug').default('info'),
    audit: Joi.alternatives(Joi.valid('stdout', 'stderr'), Joi.string().pattern(/^\//, 'absolute file path')).default('stderr'),
  }).default(),
  connections: Joi.object().pattern(Joi.string().pattern(CONNECTION_NAME, 'connection name'), connectionSchema).min(1).required(),
  store: Joi.object({
    sqlite: Joi.object({ path: Joi.string().default(DEFAULT_SQLITE_PATH) }),
    postgres: Joi.object({
      url: Joi.string()
        .uri({ scheme: ['postgres', 'postgresql'] })
        .required(),
      poolSize: Joi.number().integer().min(1).max(100).default(10),
      schema: Joi.string().pattern(POSTGRES_SCHEMA_NAME, 'schema name'),
    }),
    pollIntervalMs: Joi.number().integer().min(50).max(60_000),
  })
    .oxor('sqlite', 'postgres')
    .default({ sqlite: { path: DEFAULT_SQLITE_PATH } }),
  tracing: tracingConfigSchema,
  allowedBaseUrls: Joi.object()
    .pattern(
      Joi.string(),
      Joi.array().items(
        Joi.string()
          .uri({ scheme: ['http', 'https'] })
          .pattern(/^[^?#]*$/, 'URL prefix without query or fragment'),
      ),
    )
    .default({}),
}).messages(SAFE_MESSAGES);
