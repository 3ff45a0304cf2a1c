import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError, PolicyDeniedError, ValidationError } from '@intelgraph/domain';
import { GraphQLError } from 'graphql';
import type { ApiRequest, ApiResponse } from './http.types.js';

/** The JSON error body every failure has. */
export interface ErrorBody {
  error: string;
  message: string;
  fields?: { path: string; message: string }[];
  reasons?: string[];
  requestId?: string;
}

const DOMAIN_STATUS: Record<DomainError['code'], number> = {
  validation_failed: 400,
  not_found: 404,
  conflict: 409,
  version_conflict: 412,
  invalid_transition: 409,
  policy_denied: 403,
  tenant_suspended: 403,
  lease_lost: 409,
  unavailable: 503,
};

/** Maps an error to status and body: domain errors by code, Nest HTTP errors as they are, anything else to a bare 500. */
export function toHttpError(error: unknown): { status: number; body: ErrorBody; retryAfterSec?: number } {
  if (error instanceof DomainError) {
    const body: ErrorBody = { error: error.code, message: error.message };
    if (error instanceof ValidationError) body.fields = error.fields.map((f) => ({ path: f.path, message: f.message }));
    if (error instanceof PolicyDeniedError) body.reasons = [...error.reasons];
    return error.code === 'unavailable' ? { status: 503, body, retryAfterSec: 5 } : { status: DOMAIN_STATUS[error.code], body };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const res = error.getResponse();
    if (typeof res === 'object' && res !== null && 'error' in res && typeof (res).error === 'string' && 'message' in res) {
      return { status, body: res as ErrorBody };
    }
    return { status, body: { error: httpCode(status), message: error.message } };
  }
  // Body-parser errors carry `type`.
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return { status: 400, body: { error: 'malformed_json', message: 'request body is not valid JSON' } };
  if (type === 'entity.too.large') return { status: 413, body: { error: 'payload_too_large', message: 'request body exceeds 256 KiB' } };
  return { status: 500, body: { error: 'internal', message: 'internal server error' } };
}

function httpCode(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 413:
      return 'payload_too_large';
    case 429:
      return 'rate_limited';
    default:
      return status >= 500 ? 'internal' : 'http_error';
  }
}

/** Writes an error response (used by the filter and by the body-parser wrapper). */
export function sendError(req: ApiRequest, res: ApiResponse, error: unknown): void {
  const { status, body, retryAfterSec } = toHttpError(error);
  if (status >= 500 && !(error instanceof DomainError)) {
    // Internals go to the log, never to the caller.
    console.error(JSON.stringify({ level: 'error', requestId: req.requestId, message: (error as Error)?.message, stack: (error as Error)?.stack }));
  }
  if (res.headersSent) return;
  if (retryAfterSec) res.setHeader('Retry-After', retryAfterSec);
  res.status(status).json({ ...body, requestId: req.requestId });
}

/** The one place errors become HTTP responses. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): GraphQLError | undefined {
    if (host.getType<string>() === 'graphql') {
      // GraphQL answers 200 with `errors`; the code and status travel in the extensions.
      const { status, body } = toHttpError(exception);
      const { message, ...extensions } = body;
      return new GraphQLError(message, { extensions: { ...extensions, code: body.error, status } });
    }
    const http = host.switchToHttp();
    sendError(http.getRequest<ApiRequest>(), http.getResponse<ApiResponse>(), exception);
    return undefined;
  }
}
