import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ValidationError } from '@intelgraph/domain';
import type { OrchestratorStore } from '@intelgraph/orchestrator-store';
import { z } from 'zod';
import type { ApiActor } from '../auth/actor.types.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Action, RateGroup } from '../auth/policy.decorators.js';
import { API_STORE } from '../auth/tokens.js';
import { bodyObject, parseListQuery, pathId } from '../http/query.util.js';
import { parseInput } from '../http/zod.util.js';

type Tasks = OrchestratorStore['tasks'];

const taskQuerySchema = z.object({
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  status: z.string().min(1).max(50).optional(),
  queue: z.string().min(1).max(100).optional(),
});

/** Coordination tasks: `/api/v1/tasks`. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1/tasks')
export class TasksController {
  constructor(@Inject(API_STORE) private readonly store: OrchestratorStore) {}

  @Action('task:enqueue')
  @Post()
  enqueue(@CurrentActor() actor: ApiActor, @Body() body: unknown): ReturnType<Tasks['enqueue']> {
    const input = bodyObject(body);
    if (input['runAt'] !== undefined) {
      const runAt = typeof input['runAt'] === 'string' ? new Date(input['runAt']) : undefined;
      if (!runAt || Number.isNaN(runAt.getTime())) throw ValidationError.field('runAt', 'must be an ISO 8601 date-time');
      input['runAt'] = runAt;
    }
    return this.store.tasks.enqueue(actor, input as Parameters<Tasks['enqueue']>[1]);
  }

  @Action('task:read')
  @Get()
  list(@CurrentActor() actor: ApiActor, @Query() query: unknown): ReturnType<Tasks['list']> {
    const q = parseInput(taskQuerySchema, query, 'query');
    const input = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
    return this.store.tasks.list(actor, input);
  }

  @Action('task:read')
  @Get('dead')
  dead(@CurrentActor() actor: ApiActor, @Query() query: unknown): ReturnType<Tasks['listDead']> {
    const { cursor, limit } = parseListQuery(query);
    return this.store.tasks.listDead(actor, { ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) });
  }

  @Action('task:claim')
  @Post('claim')
  @HttpCode(200)
  async claim(@CurrentActor() actor: ApiActor, @Body() body: unknown): Promise<{ items: Awaited<ReturnType<Tasks['claim']>> }> {
    return { items: await this.store.tasks.claim(actor, bodyObject(body) as Parameters<Tasks['claim']>[1]) };
  }

  @Action('task:read')
  @Get(':id')
  get(@CurrentActor() actor: ApiActor, @Param('id') id: string): ReturnType<Tasks['get']> {
    return this.store.tasks.get(actor, pathId(id));
  }

  @Action('task:extend')
  @Post(':id/extend')
  @HttpCode(200)
  extend(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Body() body: unknown): ReturnType<Tasks['extend']> {
    return this.store.tasks.extend(actor, pathId(id), bodyObject(body) as Parameters<Tasks['extend']>[2]);
  }

  @Action('task:complete')
  @Post(':id/complete')
  @HttpCode(200)
  complete(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Body() body: unknown): ReturnType<Tasks['complete']> {
    return this.store.tasks.complete(actor, pathId(id), bodyObject(body) as Parameters<Tasks['complete']>[2]);
  }

  @Action('task:fail')
  @Post(':id/fail')
  @HttpCode(200)
  fail(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Body() body: unknown): ReturnType<Tasks['fail']> {
    return this.store.tasks.fail(actor, pathId(id), bodyObject(body) as Parameters<Tasks['fail']>[2]);
  }

  @Action('task:cancel')
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentActor() actor: ApiActor, @Param('id') id: string): ReturnType<Tasks['cancel']> {
    return this.store.tasks.cancel(actor, pathId(id));
  }

  @Action('task:redrive')
  @RateGroup('governance')
  @Post(':id/redrive')
  @HttpCode(200)
  redrive(@CurrentActor() actor: ApiActor, @Param('id') id: string): ReturnType<Tasks['redrive']> {
    return this.store.tasks.redrive(actor, pathId(id));
  }
}
