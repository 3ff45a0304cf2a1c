import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { OrchestratorStore } from '@intelgraph/orchestrator-store';
import { z } from 'zod';
import type { ApiActor } from '../auth/actor.types.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Action, RateGroup } from '../auth/policy.decorators.js';
import { API_STORE } from '../auth/tokens.js';
import { bodyObject, expectedVersion, pathId } from '../http/query.util.js';
import { parseInput } from '../http/zod.util.js';
import { versionInput } from './loops.controller.js';

type Agents = OrchestratorStore['agents'];

const agentQuerySchema = z.object({
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  status: z.enum(['active', 'suspended', 'retired']).optional(),
  capabilities: z.string().optional().transform((s) => (s ? s.split(',').filter(Boolean) : undefined)),
  reachable: z.enum(['true', 'false']).optional().transform((s) => (s === undefined ? undefined : s === 'true')),
});

/** Agents: `/api/v1/agents`. */
@ApiTags('agents')
@ApiBearerAuth()
@Controller('api/v1/agents')
export class AgentsController {
  constructor(@Inject(API_STORE) private readonly store: OrchestratorStore) {}

  @Action('agent:register')
  @Post()
  register(@CurrentActor() actor: ApiActor, @Body() body: unknown): ReturnType<Agents['register']> {
    return this.store.agents.register(actor, bodyObject(body) as Parameters<Agents['register']>[1]);
  }

  @Action('agent:read')
  @Get()
  list(@CurrentActor() actor: ApiActor, @Query() query: unknown): ReturnType<Agents['list']> {
    const q = parseInput(agentQuerySchema, query, 'query');
    const input = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
    return this.store.agents.list(actor, input);
  }

  @Action('agent:read')
  @Get(':id')
  get(@CurrentActor() actor: ApiActor, @Param('id') id: string): ReturnType<Agents['get']> {
    return this.store.agents.get(actor, pathId(id));
  }

  @Action('agent:update')
  @Patch(':id')
  update(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: unknown): ReturnType<Agents['update']> {
    const input = bodyObject(body);
    return this.store.agents.update(actor, pathId(id), { ...input, expectedVersion: expectedVersion(ifMatch, input) } as Parameters<Agents['update']>[2]);
  }

  @Action('agent:route')
  @RateGroup('governance')
  @Post(':id/routing')
  @HttpCode(200)
  route(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: unknown): ReturnType<Agents['route']> {
    const input = bodyObject(body);
    return this.store.agents.route(actor, pathId(id), { ...input, expectedVersion: expectedVersion(ifMatch, input) } as Parameters<Agents['route']>[2]);
  }

  @Action('agent:heartbeat')
  @Post(':id/heartbeat')
  @HttpCode(200)
  heartbeat(@CurrentActor() actor: ApiActor, @Param('id') id: string): ReturnType<Agents['heartbeat']> {
    return this.store.agents.heartbeat(actor, pathId(id));
  }

  @Action('agent:suspend')
  @Post(':id/suspend')
  @HttpCode(200)
  suspend(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: unknown): ReturnType<Agents['suspend']> {
    return this.store.agents.suspend(actor, pathId(id), versionInput(ifMatch, body));
  }

  @Action('agent:resume')
  @Post(':id/resume')
  @HttpCode(200)
  resume(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: unknown): ReturnType<Agents['resume']> {
    return this.store.agents.resume(actor, pathId(id), versionInput(ifMatch, body));
  }

  @Action('agent:retire')
  @Post(':id/retire')
  @HttpCode(200)
  retire(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: unknown): ReturnType<Agents['retire']> {
    return this.store.agents.retire(actor, pathId(id), versionInput(ifMatch, body));
  }
}
