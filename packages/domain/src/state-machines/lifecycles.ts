import { AGENT_STATUSES, type AgentStatus } from '../model/agent.types.js';
import { CHANNEL_STATUSES, type ChannelStatus } from '../model/channel.types.js';
import { EXPERIMENT_STATUSES, type ExperimentStatus } from '../model/experiment.types.js';
import { LOOP_STATUSES, type LoopStatus } from '../model/loop.types.js';
import {
  PLAYBOOK_RUN_STATUSES,
  PLAYBOOK_STATUSES,
  PLAYBOOK_VERSION_STATUSES,
  type PlaybookRunStatus,
  type PlaybookStatus,
  type PlaybookVersionStatus,
} from '../model/playbook.types.js';
import { PROPOSAL_STATUSES, type ProposalStatus } from '../model/proposal.types.js';
import { TASK_STATUSES, type TaskStatus } from '../model/task.types.js';
import { TENANT_STATUSES, type TenantStatus } from '../model/tenant.types.js';
import { defineMachine } from './state-machine.util.js';

export const TENANT_EVENTS = ['suspend', 'reinstate'] as const;
export type TenantEvent = (typeof TENANT_EVENTS)[number];
/** Tenant: active ⇄ suspended. */
export const tenantMachine = defineMachine<TenantStatus, TenantEvent>('tenant', TENANT_STATUSES, TENANT_EVENTS, {
  suspend: { active: 'suspended' },
  reinstate: { suspended: 'active' },
});

export const LOOP_EVENTS = ['pause', 'resume', 'retire', 'configure', 'record_cycle'] as const;
export type LoopEvent = (typeof LOOP_EVENTS)[number];
/** Loop: active ⇄ paused, either → retired (terminal). Cycles are recorded only while active. */
export const loopMachine = defineMachine<LoopStatus, LoopEvent>('loop', LOOP_STATUSES, LOOP_EVENTS, {
  pause: { active: 'paused' },
  resume: { paused: 'active' },
  retire: { active: 'retired', paused: 'retired' },
  configure: { active: 'active', paused: 'paused' },
  record_cycle: { active: 'active' },
});

export const AGENT_EVENTS = ['update', 'heartbeat', 'suspend', 'resume', 'retire'] as const;
export type AgentEvent = (typeof AGENT_EVENTS)[number];
/** Agent: active ⇄ suspended, either → retired (terminal). Heartbeats only while active. */
export const agentMachine = defineMachine<AgentStatus, AgentEvent>('agent', AGENT_STATUSES, AGENT_EVENTS, {
  update: { active: 'active', suspended: 'suspended' },
  heartbeat: { active: 'active' },
  suspend: { active: 'suspended' },
  resume: { suspended: 'active' },
  retire: { active: 'retired', suspended: 'retired' },
});

export const EXPERIMENT_EVENTS = ['start', 'pause', 'resume', 'conclude', 'abort', 'observe', 'edit'] as const;
export type ExperimentEvent = (typeof EXPERIMENT_EVENTS)[number];
/** Experiment: draft → running ⇄ paused → concluded | aborted. Observations only while running. */
export const experimentMachine = defineMachine<ExperimentStatus, ExperimentEvent>('experiment', EXPERIMENT_STATUSES, EXPERIMENT_EVENTS, {
  start: { draft: 'running' },
  pause: { running: 'paused' },
  resume: { paused: 'running' },
  conclude: { running: 'concluded', paused: 'concluded' },
  abort: { draft: 'aborted', running: 'aborted', paused: 'aborted' },
  observe: { running: 'running' },
  edit: { draft: 'draft' },
});

export const PLAYBOOK_EVENTS = ['publish', 'enable', 'disable', 'deprecate', 'edit'] as const;
export type PlaybookEvent = (typeof PLAYBOOK_EVENTS)[number];
/** Playbook: draft → (first publish) disabled → enabled ⇄ disabled → deprecated (terminal). */
export const playbookMachine = defineMachine<PlaybookStatus, PlaybookEvent>('playbook', PLAYBOOK_STATUSES, PLAYBOOK_EVENTS, {
  publish: { draft: 'disabled', enabled: 'enabled', disabled: 'disabled' },
  enable: { disabled: 'enabled' },
  disable: { enabled: 'disabled' },
  deprecate: { draft: 'deprecated', enabled: 'deprecated', disabled: 'deprecated' },
  edit: { draft: 'draft', enabled: 'enabled', disabled: 'disabled' },
});

export const PLAYBOOK_VERSION_EVENTS = ['edit', 'publish'] as const;
export type PlaybookVersionEvent = (typeof PLAYBOOK_VERSION_EVENTS)[number];
/** Playbook version: draft (editable) → published (immutable). */
export const playbookVersionMachine = defineMachine<PlaybookVersionStatus, PlaybookVersionEvent>(
  'playbook_version',
  PLAYBOOK_VERSION_STATUSES,
  PLAYBOOK_VERSION_EVENTS,
  { edit: { draft: 'draft' }, publish: { draft: 'published' } },
);

export const PLAYBOOK_RUN_EVENTS = ['record_step', 'succeed', 'fail', 'cancel'] as const;
export type PlaybookRunEvent = (typeof PLAYBOOK_RUN_EVENTS)[number];
/** Playbook run: running → succeeded | failed | cancelled. */
export const playbookRunMachine = defineMachine<PlaybookRunStatus, PlaybookRunEvent>('playbook_run', PLAYBOOK_RUN_STATUSES, PLAYBOOK_RUN_EVENTS, {
  record_step: { running: 'running' },
  succeed: { running: 'succeeded' },
  fail: { running: 'failed' },
  cancel: { running: 'cancelled' },
});

export const TASK_EVENTS = ['claim', 'extend', 'complete', 'fail_retry', 'fail_final', 'dead_letter', 'expire', 'cancel', 'redrive', 'wake'] as const;
export type TaskEvent = (typeof TASK_EVENTS)[number];
/**
 * Task: queued → claimed → succeeded; a failure with attempts left → retry_wait (→ claimed again
 * when due), without → dead; an expired lease → queued (or dead when out of attempts);
 * dead or failed (a non-retryable error) → queued by redrive; queued/retry_wait/claimed → cancelled.
 * Only succeeded and cancelled are terminal.
 */
export const taskMachine = defineMachine<TaskStatus, TaskEvent>('task', TASK_STATUSES, TASK_EVENTS, {
  claim: { queued: 'claimed', retry_wait: 'claimed' },
  extend: { claimed: 'claimed' },
  complete: { claimed: 'succeeded' },
  fail_retry: { claimed: 'retry_wait' },
  fail_final: { claimed: 'failed' },
  dead_letter: { claimed: 'dead' },
  expire: { claimed: 'queued' },
  cancel: { queued: 'cancelled', retry_wait: 'cancelled', claimed: 'cancelled' },
  redrive: { dead: 'queued', failed: 'queued' },
  wake: { retry_wait: 'queued' },
});

export const CHANNEL_EVENTS = ['post', 'ack', 'archive', 'add_member'] as const;
export type ChannelEvent = (typeof CHANNEL_EVENTS)[number];
/** Channel: active → archived (read-only: members may still acknowledge what they read). */
export const channelMachine = defineMachine<ChannelStatus, ChannelEvent>('channel', CHANNEL_STATUSES, CHANNEL_EVENTS, {
  post: { active: 'active' },
  ack: { active: 'active', archived: 'archived' },
  archive: { active: 'archived' },
  add_member: { active: 'active' },
});

export const PROPOSAL_EVENTS = ['vote', 'accept', 'reject', 'expire', 'cancel'] as const;
export type ProposalEvent = (typeof PROPOSAL_EVENTS)[number];
/** Proposal: open → accepted | rejected | expired | cancelled; votes only while open. */
export const proposalMachine = defineMachine<ProposalStatus, ProposalEvent>('proposal', PROPOSAL_STATUSES, PROPOSAL_EVENTS, {
  vote: { open: 'open' },
  accept: { open: 'accepted' },
  reject: { open: 'rejected' },
  expire: { open: 'expired' },
  cancel: { open: 'cancelled' },
});
