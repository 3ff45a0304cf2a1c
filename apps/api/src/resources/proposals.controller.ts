import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { OrchestratorStore } from '@intelgraph/orchestrator-store';
import { z } from 'zod';
import type { ApiActor } from '../auth/actor.types.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Action, RateGroup } from '../auth/policy.decorators.js';
import { API_STORE } from '../auth/tokens.js';
import { bodyObject, parseListQuery, pathId } from '../http/query.util.js';
import { parseInput } from '../http/zod.util.js';

type Proposals = OrchestratorStore['proposals'];

const voteSchema = z.object({ choice: z.enum(['yes', 'no', 'abstain']) });

/** Consensus proposals and votes: `/api/v1/proposals`. */
@ApiTags('proposals')
@ApiBearerAuth()
@Controller('api/v1/proposals')
export class ProposalsController {
  constructor(@Inject(API_STORE) private readonly store: OrchestratorStore) {}

  @Action('proposal:open')
  @Post()
  open(@CurrentActor() actor: ApiActor, @Body() body: unknown): ReturnType<Proposals['open']> {
    return this.store.proposals.open(actor, bodyObject(body) as Parameters<Proposals['open']>[1]);
  }

  @Action('proposal:read')
  @Get()
  list(@CurrentActor() actor: ApiActor, @Query() query: unknown): ReturnType<Proposals['list']> {
    const q = parseListQuery(query);
    return this.store.proposals.list(actor, q as Parameters<Proposals['list']>[1]);
  }

  @Action('proposal:read')
  @Get(':id')
  get(@CurrentActor() actor: ApiActor, @Param('id') id: string): ReturnType<Proposals['get']> {
    return this.store.proposals.get(actor, pathId(id));
  }

  @Action('proposal:read')
  @Get(':id/votes')
  async votes(@CurrentActor() actor: ApiActor, @Param('id') id: string): Promise<{ items: Awaited<ReturnType<Proposals['votes']>> }> {
    return { items: await this.store.proposals.votes(actor, pathId(id)) };
  }

  @Action('proposal:vote')
  @RateGroup('governance')
  @Post(':id/votes')
  @ApiBody({ schema: { type: 'object', required: ['choice'], properties: { choice: { type: 'string', enum: ['yes', 'no', 'abstain'] } } } })
  vote(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Body() body: unknown): ReturnType<Proposals['vote']> {
    const { choice } = parseInput(voteSchema, body);
    return this.store.proposals.vote(actor, pathId(id), choice);
  }

  @Action('proposal:close')
  @RateGroup('governance')
  @Post(':id/close')
  @HttpCode(200)
  close(@CurrentActor() actor: ApiActor, @Param('id') id: string): ReturnType<Proposals['close']> {
    return this.store.proposals.close(actor, pathId(id));
  }

  @Action('proposal:cancel')
  @RateGroup('governance')
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentActor() actor: ApiActor, @Param('id') id: string): ReturnType<Proposals['cancel']> {
    return this.store.proposals.cancel(actor, pathId(id));
  }
}
