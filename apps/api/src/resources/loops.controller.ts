import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { OrchestratorStore } from '@intelgraph/orchestrator-store';
import type { ApiActor } from '../auth/actor.types.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Action } from '../auth/policy.decorators.js';
import { API_STORE } from '../auth/tokens.js';
import { bodyObject, expectedVersion, parseListQuery, pathId } from '../http/query.util.js';

type Loops = OrchestratorStore['loops'];

/** Autonomic (MAPE-K) loops: `/api/v1/loops`. */
@ApiTags('loops')
@ApiBearerAuth()
@Controller('api/v1/loops')
export class LoopsController {
  constructor(@Inject(API_STORE) private readonly store: OrchestratorStore) {}

  @Action('loop:create')
  @Post()
  @ApiBody({ schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, description: { type: 'string' }, classification: { type: 'string' }, config: { type: 'object' } } } })
  create(@CurrentActor() actor: ApiActor, @Body() body: unknown): ReturnType<Loops['create']> {
    return this.store.loops.create(actor, bodyObject(body) as Parameters<Loops['create']>[1]);
  }

  @Action('loop:read')
  @Get()
  list(@CurrentActor() actor: ApiActor, @Query() query: unknown): ReturnType<Loops['list']> {
    const q = parseListQuery(query);
    return this.store.loops.list(actor, q as Parameters<Loops['list']>[1]);
  }

  @Action('loop:read')
  @Get(':id')
  get(@CurrentActor() actor: ApiActor, @Param('id') id: string): ReturnType<Loops['get']> {
    return this.store.loops.get(actor, pathId(id));
  }

  @Action('loop:configure')
  @Patch(':id')
  @ApiHeader({ name: 'If-Match', description: 'W/"<version>" of the loop read last', required: true })
  configure(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: unknown): ReturnType<Loops['configure']> {
    const input = bodyObject(body);
    return this.store.loops.configure(actor, pathId(id), { ...input, expectedVersion: expectedVersion(ifMatch, input) } as Parameters<Loops['configure']>[2]);
  }

  @Action('loop:pause')
  @Post(':id/pause')
  @HttpCode(200)
  pause(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: unknown): ReturnType<Loops['pause']> {
    return this.store.loops.pause(actor, pathId(id), versionInput(ifMatch, body));
  }

  @Action('loop:resume')
  @Post(':id/resume')
  @HttpCode(200)
  resume(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: unknown): ReturnType<Loops['resume']> {
    return this.store.loops.resume(actor, pathId(id), versionInput(ifMatch, body));
  }

  @Action('loop:retire')
  @Post(':id/retire')
  @HttpCode(200)
  retire(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: unknown): ReturnType<Loops['retire']> {
    return this.store.loops.retire(actor, pathId(id), versionInput(ifMatch, body));
  }

  @Action('loop:acquire_lease')
  @Post(':id/lease')
  @HttpCode(200)
  @ApiBody({ schema: { type: 'object', required: ['owner', 'ttlMs'], properties: { owner: { type: 'string' }, ttlMs: { type: 'integer' } } } })
  lease(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Body() body: unknown): ReturnType<Loops['acquireLease']> {
    return this.store.loops.acquireLease(actor, pathId(id), bodyObject(body) as Parameters<Loops['acquireLease']>[2]);
  }

  @Action('loop:record_cycle')
  @Post(':id/cycles')
  recordCycle(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Body() body: unknown): ReturnType<Loops['recordCycle']> {
    return this.store.loops.recordCycle(actor, pathId(id), bodyObject(body) as Parameters<Loops['recordCycle']>[2]);
  }

  @Action('loop:read')
  @Get(':id/cycles')
  cycles(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Query() query: unknown): ReturnType<Loops['cycles']> {
    const { cursor, limit } = parseListQuery(query);
    return this.store.loops.cycles(actor, pathId(id), { ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) });
  }
}

/** `{ expectedVersion }` from If-Match or the body, optional for lifecycle actions. */
export function versionInput(ifMatch: string | undefined, body: unknown): { expectedVersion?: number } {
  const v = expectedVersion(ifMatch, bodyObject(body), false);
  return v === undefined ? {} : { expectedVersion: v };
}
