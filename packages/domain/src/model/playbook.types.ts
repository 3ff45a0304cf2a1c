import type { Classification, Id, JsonObject, Versioned } from './common.types.js';

export const PLAYBOOK_STATUSES = ['draft', 'enabled', 'disabled', 'deprecated'] as const;
export type PlaybookStatus = (typeof PLAYBOOK_STATUSES)[number];

export const PLAYBOOK_VERSION_STATUSES = ['draft', 'published'] as const;
export type PlaybookVersionStatus = (typeof PLAYBOOK_VERSION_STATUSES)[number];

export interface PlaybookStep {
  readonly key: string;
  readonly action: string;
  readonly params: JsonObject;
}

export interface PlaybookTrigger {
  readonly type: 'event' | 'schedule' | 'manual';
  readonly spec: string;
}

export interface Playbook extends Versioned {
  readonly name: string;
  readonly description: string;
  readonly status: PlaybookStatus;
  readonly classification: Classification;
  readonly publishedVersionId: Id | null;
}

/** A version of a playbook; once published it is immutable (the database refuses changes too). */
export interface PlaybookVersion extends Versioned {
  readonly playbookId: Id;
  readonly number: number;
  readonly status: PlaybookVersionStatus;
  readonly steps: readonly PlaybookStep[];
  readonly triggers: readonly PlaybookTrigger[];
  readonly publishedAt: Date | null;
}

export const PLAYBOOK_RUN_STATUSES = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type PlaybookRunStatus = (typeof PLAYBOOK_RUN_STATUSES)[number];

export const STEP_RESULT_STATUSES = ['succeeded', 'failed', 'skipped'] as const;
export type StepResultStatus = (typeof STEP_RESULT_STATUSES)[number];

export interface StepResult {
  readonly stepKey: string;
  readonly status: StepResultStatus;
  readonly output: JsonObject;
  readonly finishedAt: string;
}

export interface PlaybookRun extends Versioned {
  readonly playbookId: Id;
  readonly versionId: Id;
  readonly status: PlaybookRunStatus;
  readonly stepResults: readonly StepResult[];
  readonly startedBy: string;
  readonly finishedAt: Date | null;
}
