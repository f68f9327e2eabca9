import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RedisHealth } from '../storage/redis-guard';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Every Prometheus metric the gateway exports, on a registry of its own (so that several gateways
 * in one process, as in tests, never collide). Labels never hold personal data: routes are
 * patterns, connections are config names, outcomes are codes.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'usergate_http_requests_total',
    help: 'Inbound requests by route pattern, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });

  readonly requestDuration = new Histogram({
    name: 'usergate_http_request_duration_seconds',
    help: 'Inbound request latency by route pattern, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly upstreamCalls = new Counter({
    name: 'usergate_upstream_calls_total',
    help: 'Upstream attempts by connection, operation and outcome (HTTP status or failure kind).',
    labelNames: ['connection', 'operation', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly upstreamDuration = new Histogram({
    name: 'usergate_upstream_call_duration_seconds',
    help: 'Upstream attempt latency by connection and operation.',
    labelNames: ['connection', 'operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly retries = new Counter({
    name: 'usergate_upstream_retries_total',
    help: 'Upstream retries by connection and reason.',
    labelNames: ['connection', 'reason'] as const,
    registers: [this.registry],
  });

  readonly breakerState = new Gauge({
    name: 'usergate_breaker_state',
    help: 'Circuit breaker state per connection: 0 closed, 1 half-open, 2 open.',
    labelNames: ['connection'] as const,
    registers: [this.registry],
  });

  readonly cache = new Counter({
    name: 'usergate_cache_lookups_total',
    help: 'Read cache results: hit, miss, stale (served while revalidating), stale_if_error, error (cache unreachable).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly coalesced = new Counter({
    name: 'usergate_coalesced_requests_total',
    help: 'Reads that joined an identical in-flight upstream call instead of making their own.',
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'usergate_rate_limit_rejections_total',
    help: 'Requests refused by a rate limit: inbound per client, or outbound per connection.',
    labelNames: ['direction'] as const,
    registers: [this.registry],
  });

  /** How the configured Redis is, read at each scrape; unset without Redis. */
  redisHealth?: () => RedisHealth;

  readonly redisDegraded = new Gauge({
    name: 'usergate_redis_degraded',
    help: '1 while the configured Redis is unusable (disconnected, or its breaker open): the gateway serves on without it (fail-open).',
    registers: [this.registry],
    collect: () => {
      const health = this.redisHealth?.();
      if (health) this.redisDegraded.set(health.state === 'ok' ? 0 : 1);
    },
  });

  readonly redisClusterUnreachable = new Gauge({
    name: 'usergate_redis_cluster_unreachable_masters',
    help: 'Redis Cluster masters this instance cannot reach now.',
    registers: [this.registry],
    collect: () => {
      const cluster = this.redisHealth?.().cluster;
      if (cluster) this.redisClusterUnreachable.set(cluster.unreachable);
    },
  });

  /** How many instances share the providers' quotas, read at each scrape. */
  liveInstances?: () => number;

  readonly instancesSharingQuotas = new Gauge({
    name: 'usergate_instances_sharing_quotas',
    help: "Gateway instances counted through Redis (or configured as redis.instances); while Redis is down each paces itself on this share of the providers' quotas.",
    registers: [this.registry],
    collect: () => {
      const count = this.liveInstances?.();
      if (count !== undefined) this.instancesSharingQuotas.set(count);
    },
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
