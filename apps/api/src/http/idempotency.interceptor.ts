import { HttpException, Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { ResponseCache } from '@intelgraph/cache';
import { canonicalJson, sha256Hex } from '@intelgraph/domain';
import { from, of, switchMap, tap, type Observable } from 'rxjs';
import { API_METRICS } from '../auth/tokens.js';
import type { Metrics } from '../metrics/metrics.service.js';
import { isGraphql } from './execution-context.util.js';
import { header, type ApiRequest, type ApiResponse } from './http.types.js';

/** Nest token of the cache holding idempotency records. */
export const API_RESPONSE_CACHE = Symbol.for('api.ResponseCache');

/** How long a POST's first response is kept for replay. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

interface IdempotencyRecord {
  readonly hash: string;
  readonly status: number;
  readonly body: unknown;
}

/**
 * `Idempotency-Key` on POST: the first successful response is stored under tenant + subject + key
 * with a hash of the request; a replay returns it (`Idempotent-Replayed: true`); the same key
 * with another request is refused with 422.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_RESPONSE_CACHE) private readonly cache: ResponseCache,
    @Inject(API_METRICS) private readonly metrics: Metrics,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (isGraphql(context)) return next.handle();
    const req = context.switchToHttp().getRequest<ApiRequest>();
    const res = context.switchToHttp().getResponse<ApiResponse>();
    const key = header(req, 'idempotency-key');
    if (req.method !== 'POST' || !key || !req.actor) return next.handle();
    if (key.length > 200) throw new HttpException({ error: 'validation_failed', message: 'Idempotency-Key is too long', fields: [{ path: 'Idempotency-Key', message: 'at most 200 characters' }] }, 400);
    const actor = req.actor;
    const cacheKey = `idem:${actor.subject}:${key}`;
    const hash = sha256Hex(canonicalJson({ method: req.method, url: req.originalUrl ?? req.url, body: (req.body ?? null) as never }));
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201;
    return from(this.cache.get<IdempotencyRecord>(actor.tenantId, cacheKey)).pipe(
      switchMap((found) => {
        this.metrics.cacheRequests.inc({ result: found ? 'hit' : 'miss' });
        if (found) {
          if (found.hash !== hash) {
            throw new HttpException({ error: 'idempotency_key_reused', message: 'Idempotency-Key was used with a different request' }, 422);
          }
          res.setHeader('Idempotent-Replayed', 'true');
          res.status(found.status);
          return of(found.body);
        }
        return next.handle().pipe(
          tap({
            next: (body: unknown) => {
              void this.cache.set(actor.tenantId, cacheKey, { hash, status, body: body ?? null }, IDEMPOTENCY_TTL_MS, []).catch(() => undefined);
            },
          }),
        );
      }),
    );
  }
}
