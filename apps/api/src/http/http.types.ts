import type { ApiActor } from '../auth/actor.types.js';

/** The parts of an Express request the app uses (the app does not depend on Express's types). */
export interface ApiRequest {
  method: string;
  url: string;
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  route?: { path?: string };
  /** Set by the request-context middleware. */
  requestId?: string;
  /** Set by the gateway guard after the token was verified. */
  actor?: ApiActor;
}

/** The parts of an Express response the app uses. */
export interface ApiResponse {
  statusCode: number;
  headersSent: boolean;
  setHeader(name: string, value: string | number): unknown;
  getHeader(name: string): unknown;
  status(code: number): ApiResponse;
  json(body: unknown): unknown;
  on(event: 'finish' | 'close', listener: () => void): unknown;
}

/** A header's single value. */
export function header(req: ApiRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
