import { AgentEntity } from './agent.entity.js';
import { AuditEventEntity } from './audit-event.entity.js';
import { AuditHeadEntity } from './audit-head.entity.js';
import { ChannelMemberEntity } from './channel-member.entity.js';
import { ChannelMessageEntity } from './channel-message.entity.js';
import { ChannelEntity } from './channel.entity.js';
import { ExperimentObservationEntity } from './experiment-observation.entity.js';
import { ExperimentVariantEntity } from './experiment-variant.entity.js';
import { ExperimentEntity } from './experiment.entity.js';
import { IdempotencyRecordEntity } from './idempotency-record.entity.js';
import { LoopCycleEntity } from './loop-cycle.entity.js';
import { LoopEntity } from './loop.entity.js';
import { OutboxEventEntity } from './outbox-event.entity.js';
import { PlaybookRunEntity } from './playbook-run.entity.js';
import { PlaybookVersionEntity } from './playbook-version.entity.js';
import { PlaybookEntity } from './playbook.entity.js';
import { ProposalVoteEntity } from './proposal-vote.entity.js';
import { ProposalVoterEntity } from './proposal-voter.entity.js';
import { ProposalEntity } from './proposal.entity.js';
import { TaskEntity } from './task.entity.js';
import { TenantEntity } from './tenant.entity.js';

/** Every entity, in the migration's table order; the drift check compares each with the migrated catalog. */
export const ENTITIES = [
  TenantEntity,
  LoopEntity,
  LoopCycleEntity,
  AgentEntity,
  ExperimentEntity,
  ExperimentVariantEntity,
  ExperimentObservationEntity,
  PlaybookEntity,
  PlaybookVersionEntity,
  PlaybookRunEntity,
  TaskEntity,
  ChannelEntity,
  ChannelMemberEntity,
  ChannelMessageEntity,
  ProposalEntity,
  ProposalVoterEntity,
  ProposalVoteEntity,
  AuditEventEntity,
  AuditHeadEntity,
  OutboxEventEntity,
  IdempotencyRecordEntity,
] as const;
export {
  AgentEntity,
  AuditEventEntity,
  AuditHeadEntity,
  ChannelEntity,
  ChannelMemberEntity,
  ChannelMessageEntity,
  ExperimentEntity,
  ExperimentObservationEntity,
  ExperimentVariantEntity,
  IdempotencyRecordEntity,
  LoopCycleEntity,
  LoopEntity,
  OutboxEventEntity,
  PlaybookEntity,
  PlaybookRunEntity,
  PlaybookVersionEntity,
  ProposalEntity,
  ProposalVoteEntity,
  ProposalVoterEntity,
  TaskEntity,
  TenantEntity,
};
