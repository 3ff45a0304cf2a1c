import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { httpOf } from '../http/execution-context.util.js';
import type { ApiActor } from './actor.types.js';

/** The verified actor of the request (set by the gateway guard; never from headers or params). */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): ApiActor => {
  const actor = httpOf(ctx).req.actor;
  if (!actor) throw new UnauthorizedException({ error: 'unauthenticated', message: 'no verified actor' });
  return actor;
});
