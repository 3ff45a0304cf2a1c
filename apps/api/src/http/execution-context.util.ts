import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { ApiRequest, ApiResponse } from './http.types.js';

/** Whether the handler is a GraphQL resolver. */
export function isGraphql(context: ExecutionContext): boolean {
  return context.getType<string>() === 'graphql';
}

/** The HTTP request and response behind a REST handler or a GraphQL resolver. */
export function httpOf(context: ExecutionContext): { req: ApiRequest; res: ApiResponse } {
  if (isGraphql(context)) {
    const ctx = GqlExecutionContext.create(context).getContext<{ req: ApiRequest; res: ApiResponse }>();
    return { req: ctx.req, res: ctx.res };
  }
  const http = context.switchToHttp();
  return { req: http.getRequest<ApiRequest>(), res: http.getResponse<ApiResponse>() };
}
