import type { Id } from './common.types.js';

export const TENANT_STATUSES = ['active', 'suspended'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

/** Per-tenant retention, in days; the maintenance job purges what is older. */
export interface RetentionSettings {
  readonly finishedTaskDays: number;
  readonly channelMessageDays: number;
  readonly auditDays: number;
}

export const DEFAULT_RETENTION: RetentionSettings = { finishedTaskDays: 30, channelMessageDays: 90, auditDays: 2555 };

export interface Tenant {
  readonly id: Id;
  readonly slug: string;
  readonly name: string;
  readonly status: TenantStatus;
  readonly retention: RetentionSettings;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
