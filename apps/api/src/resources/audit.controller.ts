import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { OrchestratorStore } from '@intelgraph/orchestrator-store';
import { AUDIT_OUTCOMES } from '@intelgraph/domain';
import { z } from 'zod';
import type { ApiActor } from '../auth/actor.types.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Action } from '../auth/policy.decorators.js';
import { API_STORE } from '../auth/tokens.js';
import { parseInput } from '../http/zod.util.js';

type Audit = OrchestratorStore['audit'];

const auditQuerySchema = z.object({
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  actor: z.string().min(1).max(200).optional(),
  resourceType: z.string().min(1).max(50).optional(),
  resourceId: z.string().min(1).max(100).optional(),
  action: z.string().min(1).max(100).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  order: z.enum(['asc', 'desc']).optional(),
});

/** The tenant's audit trail: `GET /api/v1/audit`. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(@Inject(API_STORE) private readonly store: OrchestratorStore) {}

  @Action('audit:read')
  @Get()
  query(@CurrentActor() actor: ApiActor, @Query() query: unknown): ReturnType<Audit['query']> {
    const { cursor, limit, ...filter } = parseInput(auditQuerySchema, query, 'query');
    const cleanFilter = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
    return this.store.audit.query(actor, cleanFilter, { ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) });
  }
}
