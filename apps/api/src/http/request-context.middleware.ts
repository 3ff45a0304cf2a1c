import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { firstPathDeeperThan, MAX_INPUT_NESTING, ValidationError } from '@intelgraph/domain';
import type { Metrics } from '../metrics/metrics.service.js';
import { sendError } from './domain-exception.filter.js';
import { header, type ApiRequest, type ApiResponse } from './http.types.js';

type Next = (error?: unknown) => void;
type Middleware = (req: ApiRequest, res: ApiResponse, next: Next) => void;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Assigns the request id (echoes a sane `x-request-id`, else generates one), and when the response
 * finishes records the duration metric and writes one JSON log line. Never logs headers.
 */
export function requestContext(metrics: Metrics, log: (line: string) => void): Middleware {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const given = header(req, 'x-request-id');
    req.requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', req.requestId);
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = req.route?.path ?? 'unmatched';
      metrics.httpDuration.observe({ route, method: req.method, status: String(res.statusCode) }, seconds);
      log(
        JSON.stringify({
          level: 'info',
          time: new Date().toISOString(),
          requestId: req.requestId,
          method: req.method,
          route,
          status: res.statusCode,
          durationMs: Math.round(seconds * 1e6) / 1e3,
          tenant: req.actor?.tenantId,
          subject: req.actor?.subject,
        }),
      );
    });
    next();
  };
}

/** JSON body parser limited to 256 KiB; malformed JSON → 400, too large → 413, as JSON errors. */
export function jsonBody(limit = '256kb'): Middleware {
  const require = createRequire(import.meta.url);
  const express = require('express') as { json(options: { limit: string }): Middleware };
  const parser = express.json({ limit });
  // GraphQL clients expect GraphQL's error shape ({ errors: [...] }) even for refusals made before GraphQL runs.
  const refuse = (req: ApiRequest, res: ApiResponse, error: unknown): void => {
    const url = req.originalUrl ?? req.url;
    if (!url.startsWith('/graphql') || res.headersSent) return sendError(req, res, error);
    const fields = error instanceof ValidationError ? error.fields : undefined;
    const status = error instanceof ValidationError ? 400 : (error as { status?: number }).status ?? 400;
    res.status(status).json({ errors: [{ message: (error as Error).message, extensions: { code: 'BAD_USER_INPUT', ...(fields ? { fields } : {}) } }] });
  };
  return (req, res, next) =>
    parser(req, res, (error) => {
      if (error) return refuse(req, res, error);
      // Refused here, before any recursive validator walks the body (they would overflow the stack).
      const tooDeep = firstPathDeeperThan((req as { body?: unknown }).body);
      if (tooDeep !== null) return refuse(req, res, ValidationError.field(tooDeep, `must not be nested deeper than ${MAX_INPUT_NESTING} levels`));
      next();
    });
}
