import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { OrchestratorStore } from '@intelgraph/orchestrator-store';
import type { ApiActor } from '../auth/actor.types.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Action, RateGroup } from '../auth/policy.decorators.js';
import { API_STORE } from '../auth/tokens.js';
import { bodyObject, expectedVersion, parseListQuery, pathId } from '../http/query.util.js';

type Playbooks = OrchestratorStore['playbooks'];

function page(query: unknown): { cursor?: string; limit?: number } {
  const { cursor, limit } = parseListQuery(query);
  return { ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) };
}

/** Playbooks, their versions and runs: `/api/v1/playbooks`. */
@ApiTags('playbooks')
@ApiBearerAuth()
@Controller('api/v1/playbooks')
export class PlaybooksController {
  constructor(@Inject(API_STORE) private readonly store: OrchestratorStore) {}

  @Action('playbook:create')
  @Post()
  create(@CurrentActor() actor: ApiActor, @Body() body: unknown): ReturnType<Playbooks['create']> {
    return this.store.playbooks.create(actor, bodyObject(body) as Parameters<Playbooks['create']>[1]);
  }

  @Action('playbook:read')
  @Get()
  list(@CurrentActor() actor: ApiActor, @Query() query: unknown): ReturnType<Playbooks['list']> {
    return this.store.playbooks.list(actor, parseListQuery(query) as Parameters<Playbooks['list']>[1]);
  }

  // Declared before ':id' so `runs` is never taken for a playbook id.
  @Action('playbook:read')
  @Get('runs/:runId')
  getRun(@CurrentActor() actor: ApiActor, @Param('runId') runId: string): ReturnType<Playbooks['getRun']> {
    return this.store.playbooks.getRun(actor, pathId(runId, 'runId'));
  }

  @Action('playbook:run')
  @Post('runs/:runId/steps')
  recordStep(@CurrentActor() actor: ApiActor, @Param('runId') runId: string, @Body() body: unknown): ReturnType<Playbooks['recordStep']> {
    return this.store.playbooks.recordStep(actor, pathId(runId, 'runId'), bodyObject(body) as Parameters<Playbooks['recordStep']>[2]);
  }

  @Action('playbook:run')
  @Post('runs/:runId/finish')
  @HttpCode(200)
  finishRun(@CurrentActor() actor: ApiActor, @Param('runId') runId: string, @Body() body: unknown): ReturnType<Playbooks['finishRun']> {
    return this.store.playbooks.finishRun(actor, pathId(runId, 'runId'), bodyObject(body) as Parameters<Playbooks['finishRun']>[2]);
  }

  @Action('playbook:edit')
  @Patch('versions/:versionId')
  updateVersion(@CurrentActor() actor: ApiActor, @Param('versionId') versionId: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: unknown): ReturnType<Playbooks['updateVersion']> {
    const input = bodyObject(body);
    return this.store.playbooks.updateVersion(actor, pathId(versionId, 'versionId'), { ...input, expectedVersion: expectedVersion(ifMatch, input) } as Parameters<Playbooks['updateVersion']>[2]);
  }

  @Action('playbook:read')
  @Get(':id')
  get(@CurrentActor() actor: ApiActor, @Param('id') id: string): ReturnType<Playbooks['get']> {
    return this.store.playbooks.get(actor, pathId(id));
  }

  @Action('playbook:edit')
  @Post(':id/versions')
  createVersion(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Body() body: unknown): ReturnType<Playbooks['createVersion']> {
    return this.store.playbooks.createVersion(actor, pathId(id), bodyObject(body) as Parameters<Playbooks['createVersion']>[2]);
  }

  @Action('playbook:read')
  @Get(':id/versions')
  listVersions(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Query() query: unknown): ReturnType<Playbooks['listVersions']> {
    return this.store.playbooks.listVersions(actor, pathId(id), page(query));
  }

  @Action('playbook:publish')
  @RateGroup('governance')
  @Post(':id/versions/:versionId/publish')
  @HttpCode(200)
  publish(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Param('versionId') versionId: string): ReturnType<Playbooks['publish']> {
    return this.store.playbooks.publish(actor, pathId(id), pathId(versionId, 'versionId'));
  }

  @Action('playbook:enable')
  @Post(':id/enable')
  @HttpCode(200)
  enable(@CurrentActor() actor: ApiActor, @Param('id') id: string): ReturnType<Playbooks['enable']> {
    return this.store.playbooks.enable(actor, pathId(id));
  }

  @Action('playbook:disable')
  @Post(':id/disable')
  @HttpCode(200)
  disable(@CurrentActor() actor: ApiActor, @Param('id') id: string): ReturnType<Playbooks['disable']> {
    return this.store.playbooks.disable(actor, pathId(id));
  }

  @Action('playbook:deprecate')
  @Post(':id/deprecate')
  @HttpCode(200)
  deprecate(@CurrentActor() actor: ApiActor, @Param('id') id: string): ReturnType<Playbooks['deprecate']> {
    return this.store.playbooks.deprecate(actor, pathId(id));
  }

  @Action('playbook:run')
  @Post(':id/runs')
  startRun(@CurrentActor() actor: ApiActor, @Param('id') id: string): ReturnType<Playbooks['startRun']> {
    return this.store.playbooks.startRun(actor, pathId(id));
  }

  @Action('playbook:read')
  @Get(':id/runs')
  listRuns(@CurrentActor() actor: ApiActor, @Param('id') id: string, @Query() query: unknown): ReturnType<Playbooks['listRuns']> {
    return this.store.playbooks.listRuns(actor, pathId(id), page(query));
  }
}
