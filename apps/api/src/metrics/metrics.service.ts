import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The app's Prometheus metrics, in a registry of its own (one per app instance). */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly policyDecisions = new Counter({
    name: 'policy_decisions_total',
    help: 'Gateway policy decisions by outcome (allow, deny, error)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly cacheRequests = new Counter({
    name: 'cache_requests_total',
    help: 'Response and idempotency cache lookups by result (hit, miss)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly rateLimitRejections = new Counter({
    name: 'rate_limit_rejections_total',
    help: 'Requests refused by the rate limiter, by route group',
    labelNames: ['group'] as const,
    registers: [this.registry],
  });
  readonly dbPool = new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections by state (total, idle, waiting)',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean; poolStats?: () => { total: number; idle: number; waiting: number } | undefined } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
    const poolStats = options.poolStats;
    if (poolStats) {
      // Sampled on scrape so the gauge is never stale.
      this.samplePool = () => {
        const s = poolStats();
        if (!s) return;
        this.dbPool.set({ state: 'total' }, s.total);
        this.dbPool.set({ state: 'idle' }, s.idle);
        this.dbPool.set({ state: 'waiting' }, s.waiting);
      };
    }
  }

  private samplePool: () => void = () => undefined;

  /** The exposition text. */
  async render(): Promise<{ contentType: string; body: string }> {
    this.samplePool();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
