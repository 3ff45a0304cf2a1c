import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/policy.decorators.js';
import { API_HEALTH, API_METRICS } from '../auth/tokens.js';
import type { ApiResponse } from '../http/http.types.js';
import type { Metrics } from '../metrics/metrics.service.js';
import { runCheck, type CheckResult, type HealthChecks } from './health.checks.js';

/** Liveness, readiness and Prometheus metrics; open to unauthenticated callers (probes, scrapers). */
@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @Inject(API_HEALTH) private readonly checks: HealthChecks,
    @Inject(API_METRICS) private readonly metrics: Metrics,
  ) {}

  /** The process is up. */
  @Public()
  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Every dependency answers; 503 names the checks that failed. */
  @Public()
  @Get('health/ready')
  async ready(@Res({ passthrough: true }) res: ApiResponse): Promise<{ status: 'ok' | 'unavailable'; checks: Record<string, CheckResult>; failed: string[] }> {
    const names = Object.keys(this.checks);
    const results = await Promise.all(names.map((n) => runCheck(this.checks[n] ?? (() => Promise.resolve({ ok: false })))));
    const checks: Record<string, CheckResult> = {};
    names.forEach((n, i) => (checks[n] = results[i] ?? { ok: false }));
    const failed = names.filter((n) => !checks[n]?.ok);
    if (failed.length > 0) res.status(503);
    return { status: failed.length ? 'unavailable' : 'ok', checks, failed };
  }

  /** Prometheus exposition. */
  @Public()
  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async scrape(@Res({ passthrough: true }) res: ApiResponse): Promise<string> {
    const { contentType, body } = await this.metrics.render();
    res.setHeader('Content-Type', contentType);
    return body;
  }
}
