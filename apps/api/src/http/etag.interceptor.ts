import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { tap, type Observable } from 'rxjs';
import { isGraphql } from './execution-context.util.js';
import type { ApiResponse } from './http.types.js';

/** Sets `ETag: W/"<version>"` on every single-resource response (a body with a numeric `version`). */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (isGraphql(context)) return next.handle();
    const res = context.switchToHttp().getResponse<ApiResponse>();
    return next.handle().pipe(
      tap((body) => {
        const version = (body as { version?: unknown } | null | undefined)?.version;
        if (typeof version === 'number' && !res.headersSent) res.setHeader('ETag', `W/"${version}"`);
      }),
    );
  }
}

/** The version an `If-Match` header names (`W/"3"`, `"3"` or `3`), or `undefined` when absent or unparsable. */
export function versionFromIfMatch(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(value);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}
