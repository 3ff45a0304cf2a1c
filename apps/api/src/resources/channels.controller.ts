import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { OrchestratorStore } from '@intelgraph/orchestrator-store';
import { z } from 'zod';
import type { ApiActor } from '../auth/actor.types.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Action } from '../auth/policy.decorators.js';
import { API_STORE } from '../auth/tokens.js';
import { bodyObject, parseListQuery, pathId } from '../http/query.util.js';
import { parseInput } from '../http/zod.util.js';

type Channels = OrchestratorStore['channels'];

const readQuerySchema = z.object({ after: z.coerce.number().int().min(0).optional(), limit: z.coerce.number().int().min(1).max(200).optional() });

/** Coordination channels and messages: `/api/v1/channels`. */
@ApiTags('channels')
@ApiBearerAuth()
@Controller('api/v1/channels')
export class ChannelsController {
  constructor(@Inject(API_STORE) private readonly store: OrchestratorStore) {}

  @Action('channel:create')
  @Post()
  create(@CurrentActor() actor: ApiActor, @Body() body: unknown): ReturnType<Channels['create']> {
    return this.store.channels.create(actor, bodyObject(body) as Parameters<Channels['create']>[1]);
  }

  @Action('channel:read')
  @Get()
  list(@CurrentActor() actor: ApiActor, @Query() query: unknown): ReturnType<Channels['list']> {
    return this.store.channels.list(actor, parseListQuery(query) as Parameters<Channels['list']>[1]);
  }

  @Action('channel:read')
  @Get(':id')
  get(@CurrentActor() actor: ApiActor, @Param('id') id: string): ReturnType<Channels['get']> {
    return this.store.channels.get(actor, pathId(id));
  }

  @Action('channel:read')
  @Get(':id/members')
  async members(@CurrentActor() actor: ApiActor, @Param('id') id: string): Promise<{ items: Awaited<ReturnType<Channels['members']>> }> {
    return { items: await this.store.channels.members(actor, pathId(id)) };
  }

  @Action('channel:add_member')
  @Post(':id/members')
  async addMembers(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Body() body: unknown): Promise<{ items: Awaited<ReturnType<Channels['addMembers']>> }> {
    const { members } = parseInput(z.object({ members: z.array(z.string()) }), body);
    return { items: await this.store.channels.addMembers(actor, pathId(id), members) };
  }

  @Action('channel:post')
  @Post(':id/messages')
  post(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Body() body: unknown): ReturnType<Channels['post']> {
    const { body: message } = parseInput(z.object({ body: z.json() }), body);
    return this.store.channels.post(actor, pathId(id), message);
  }

  @Action('channel:read')
  @Get(':id/messages')
  async read(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Query() query: unknown): Promise<{ items: Awaited<ReturnType<Channels['read']>> }> {
    const q = parseInput(readQuerySchema, query, 'query');
    return { items: await this.store.channels.read(actor, pathId(id), { ...(q.after === undefined ? {} : { after: q.after }), ...(q.limit === undefined ? {} : { limit: q.limit }) }) };
  }

  @Action('channel:ack')
  @Post(':id/ack')
  @HttpCode(200)
  ack(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Body() body: unknown): ReturnType<Channels['ack']> {
    const { sequence } = parseInput(z.object({ sequence: z.number().int().min(0) }), bodyObject(body));
    return this.store.channels.ack(actor, pathId(id), sequence);
  }

  @Action('channel:archive')
  @Post(':id/archive')
  @HttpCode(200)
  archive(@CurrentActor() actor: ApiActor, @Param('id') id: string): ReturnType<Channels['archive']> {
    return this.store.channels.archive(actor, pathId(id));
  }
}
