import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { OrchestratorStore } from '@intelgraph/orchestrator-store';
import { z } from 'zod';
import type { ApiActor } from '../auth/actor.types.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Action } from '../auth/policy.decorators.js';
import { API_STORE } from '../auth/tokens.js';
import { bodyObject, expectedVersion, parseListQuery, pathId } from '../http/query.util.js';
import { parseInput } from '../http/zod.util.js';
import { versionInput } from './loops.controller.js';

type Experiments = OrchestratorStore['experiments'];

/** Experiments: `/api/v1/experiments`. */
@ApiTags('experiments')
@ApiBearerAuth()
@Controller('api/v1/experiments')
export class ExperimentsController {
  constructor(@Inject(API_STORE) private readonly store: OrchestratorStore) {}

  @Action('experiment:create')
  @Post()
  create(@CurrentActor() actor: ApiActor, @Body() body: unknown): ReturnType<Experiments['create']> {
    return this.store.experiments.create(actor, bodyObject(body) as Parameters<Experiments['create']>[1]);
  }

  @Action('experiment:read')
  @Get()
  list(@CurrentActor() actor: ApiActor, @Query() query: unknown): ReturnType<Experiments['list']> {
    return this.store.experiments.list(actor, parseListQuery(query) as Parameters<Experiments['list']>[1]);
  }

  @Action('experiment:read')
  @Get(':id')
  get(@CurrentActor() actor: ApiActor, @Param('id') id: string): ReturnType<Experiments['get']> {
    return this.store.experiments.get(actor, pathId(id));
  }

  @Action('experiment:read')
  @Get(':id/results')
  async results(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Query() query: unknown): Promise<{ items: Awaited<ReturnType<Experiments['results']>> }> {
    const { metric } = parseInput(z.object({ metric: z.string().min(1).max(100).optional() }), query, 'query');
    return { items: await this.store.experiments.results(actor, pathId(id), metric) };
  }

  @Action('experiment:start')
  @Post(':id/start')
  @HttpCode(200)
  start(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Body() body: unknown): ReturnType<Experiments['start']> {
    return this.store.experiments.start(actor, pathId(id), versionInput(undefined, body));
  }

  @Action('experiment:pause')
  @Post(':id/pause')
  @HttpCode(200)
  pause(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Body() body: unknown): ReturnType<Experiments['pause']> {
    return this.store.experiments.pause(actor, pathId(id), versionInput(undefined, body));
  }

  @Action('experiment:resume')
  @Post(':id/resume')
  @HttpCode(200)
  resume(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Body() body: unknown): ReturnType<Experiments['resume']> {
    return this.store.experiments.resume(actor, pathId(id), versionInput(undefined, body));
  }

  @Action('experiment:conclude')
  @Post(':id/conclude')
  @HttpCode(200)
  conclude(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Body() body: unknown): ReturnType<Experiments['conclude']> {
    return this.store.experiments.conclude(actor, pathId(id), bodyObject(body) as Parameters<Experiments['conclude']>[2]);
  }

  @Action('experiment:abort')
  @Post(':id/abort')
  @HttpCode(200)
  abort(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Body() body: unknown): ReturnType<Experiments['abort']> {
    const input = bodyObject(body);
    const v = expectedVersion(undefined, input, false);
    return this.store.experiments.abort(actor, pathId(id), { ...input, ...(v === undefined ? {} : { expectedVersion: v }) });
  }

  @Action('experiment:observe')
  @Post(':id/observations')
  observe(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Body() body: unknown): ReturnType<Experiments['observe']> {
    return this.store.experiments.observe(actor, pathId(id), bodyObject(body) as Parameters<Experiments['observe']>[2]);
  }
}
