import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, OWNER_ROLE, PLATFORM_TENANT, TENANT_SETTING, ensureRole, tenantIsolation } from './schema.util.js';

const ts = 'timestamptz NOT NULL DEFAULT now()';
const cls = (t: string): string => `CONSTRAINT "${t}_classification_check" CHECK ("classification" IN ('public','internal','confidential','restricted'))`;
const status = (t: string, values: string[]): string =>
  `CONSTRAINT "${t}_status_check" CHECK ("status" IN (${values.map((v) => `'${v}'`).join(',')}))`;

/** Tenant-owned tables, in creation order (dropped in reverse). */
export const TENANT_TABLES = [
  'loops',
  'loop_cycles',
  'agents',
  'experiments',
  'experiment_variants',
  'experiment_observations',
  'playbooks',
  'playbook_versions',
  'playbook_runs',
  'tasks',
  'channels',
  'channel_members',
  'channel_messages',
  'proposals',
  'proposal_voters',
  'proposal_votes',
  'audit_events',
  'audit_heads',
  'outbox_events',
  'idempotency_records',
] as const;

/** Every table the schema owns, the platform's `tenants` first. */
export const ALL_TABLES = ['tenants', ...TENANT_TABLES] as const;

/**
 * The whole schema: every aggregate, the audit chain and the outbox. Each tenant-owned table leads
 * its primary key, unique constraints and foreign keys with `tenant_id`, and is isolated by forced
 * row-level security on the transaction-local `app.tenant_id` setting.
 */
export class InitialSchema1796396400000 implements MigrationInterface {
  name = 'InitialSchema1796396400000';

  async up(q: QueryRunner): Promise<void> {
    const statements: string[] = [
      ensureRole(OWNER_ROLE, 'NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE'),
      ensureRole(APP_ROLE, 'NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT'),

      `CREATE TABLE "tenants" (
        "id" uuid NOT NULL, "slug" text NOT NULL, "name" text NOT NULL, "status" text NOT NULL DEFAULT 'active',
        "retention" jsonb NOT NULL, "version" integer NOT NULL DEFAULT 1, "created_at" ${ts}, "updated_at" ${ts},
        CONSTRAINT "tenants_pkey" PRIMARY KEY ("id"), CONSTRAINT "tenants_slug_key" UNIQUE ("slug"),
        ${status('tenants', ['active', 'suspended'])})`,

      `CREATE TABLE "loops" (
        "tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '',
        "status" text NOT NULL DEFAULT 'active', "classification" text NOT NULL DEFAULT 'internal', "config" jsonb NOT NULL DEFAULT '{}',
        "lease_owner" text, "fencing_token" bigint NOT NULL DEFAULT 0, "lease_expires_at" timestamptz,
        "latest_cycle_id" uuid, "cycle_count" integer NOT NULL DEFAULT 0,
        "version" integer NOT NULL DEFAULT 1, "created_at" ${ts}, "updated_at" ${ts},
        CONSTRAINT "loops_pkey" PRIMARY KEY ("tenant_id", "id"),
        CONSTRAINT "loops_tenant_id_name_key" UNIQUE ("tenant_id", "name"),
        ${status('loops', ['active', 'paused', 'retired'])}, ${cls('loops')})`,
      `CREATE INDEX "loops_tenant_id_status_id_idx" ON "loops" ("tenant_id", "status", "id")`,

      `CREATE TABLE "loop_cycles" (
        "tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "loop_id" uuid NOT NULL, "parent_id" uuid, "sequence" integer NOT NULL,
        "monitor" jsonb NOT NULL, "analysis" jsonb NOT NULL, "plan" jsonb NOT NULL, "execution" jsonb NOT NULL, "knowledge" jsonb NOT NULL,
        "recorded_by" text NOT NULL, "fencing_token" bigint NOT NULL, "created_at" ${ts},
        CONSTRAINT "loop_cycles_pkey" PRIMARY KEY ("tenant_id", "id"),
        CONSTRAINT "loop_cycles_tenant_id_loop_id_sequence_key" UNIQUE ("tenant_id", "loop_id", "sequence"),
        CONSTRAINT "loop_cycles_tenant_id_loop_id_fkey" FOREIGN KEY ("tenant_id", "loop_id") REFERENCES "loops" ("tenant_id", "id") ON DELETE CASCADE,
        CONSTRAINT "loop_cycles_tenant_id_parent_id_fkey" FOREIGN KEY ("tenant_id", "parent_id") REFERENCES "loop_cycles" ("tenant_id", "id"))`,

      `CREATE TABLE "agents" (
        "tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "name" text NOT NULL, "subject" text NOT NULL, "role" text NOT NULL,
        "model" text NOT NULL, "capabilities" text[] NOT NULL DEFAULT '{}', "routing_weight" integer NOT NULL DEFAULT 100,
        "status" text NOT NULL DEFAULT 'active', "classification" text NOT NULL DEFAULT 'internal',
        "heartbeat_ttl_ms" integer NOT NULL DEFAULT 30000, "last_heartbeat_at" timestamptz,
        "version" integer NOT NULL DEFAULT 1, "created_at" ${ts}, "updated_at" ${ts},
        CONSTRAINT "agents_pkey" PRIMARY KEY ("tenant_id", "id"),
        CONSTRAINT "agents_tenant_id_name_key" UNIQUE ("tenant_id", "name"),
        CONSTRAINT "agents_tenant_id_subject_key" UNIQUE ("tenant_id", "subject"),
        CONSTRAINT "agents_routing_weight_check" CHECK ("routing_weight" BETWEEN 0 AND 10000),
        ${status('agents', ['active', 'suspended', 'retired'])}, ${cls('agents')})`,
      `CREATE INDEX "agents_tenant_id_status_id_idx" ON "agents" ("tenant_id", "status", "id")`,

      `CREATE TABLE "experiments" (
        "tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "name" text NOT NULL, "hypothesis" text NOT NULL DEFAULT '',
        "status" text NOT NULL DEFAULT 'draft', "classification" text NOT NULL DEFAULT 'internal', "guardrail" jsonb, "conclusion" text,
        "version" integer NOT NULL DEFAULT 1, "created_at" ${ts}, "updated_at" ${ts},
        CONSTRAINT "experiments_pkey" PRIMARY KEY ("tenant_id", "id"),
        CONSTRAINT "experiments_tenant_id_name_key" UNIQUE ("tenant_id", "name"),
        ${status('experiments', ['draft', 'running', 'paused', 'concluded', 'aborted'])}, ${cls('experiments')})`,
      `CREATE INDEX "experiments_tenant_id_status_id_idx" ON "experiments" ("tenant_id", "status", "id")`,
      `CREATE TABLE "experiment_variants" (
        "tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "experiment_id" uuid NOT NULL, "key" text NOT NULL, "weight" integer NOT NULL,
        CONSTRAINT "experiment_variants_pkey" PRIMARY KEY ("tenant_id", "id"),
        CONSTRAINT "experiment_variants_tenant_id_experiment_id_key_key" UNIQUE ("tenant_id", "experiment_id", "key"),
        CONSTRAINT "experiment_variants_tenant_id_experiment_id_fkey" FOREIGN KEY ("tenant_id", "experiment_id") REFERENCES "experiments" ("tenant_id", "id") ON DELETE CASCADE,
        CONSTRAINT "experiment_variants_weight_check" CHECK ("weight" BETWEEN 0 AND 100))`,
      `CREATE TABLE "experiment_observations" (
        "tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "experiment_id" uuid NOT NULL, "variant_id" uuid NOT NULL,
        "metric" text NOT NULL, "value" double precision NOT NULL, "recorded_at" ${ts},
        CONSTRAINT "experiment_observations_pkey" PRIMARY KEY ("tenant_id", "id"),
        CONSTRAINT "experiment_observations_tenant_id_experiment_id_fkey" FOREIGN KEY ("tenant_id", "experiment_id") REFERENCES "experiments" ("tenant_id", "id") ON DELETE CASCADE,
        CONSTRAINT "experiment_observations_tenant_id_variant_id_fkey" FOREIGN KEY ("tenant_id", "variant_id") REFERENCES "experiment_variants" ("tenant_id", "id") ON DELETE CASCADE)`,
      `CREATE INDEX "experiment_observations_tenant_experiment_variant_metric_idx" ON "experiment_observations" ("tenant_id", "experiment_id", "variant_id", "metric")`,

      `CREATE TABLE "playbooks" (
        "tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '',
        "status" text NOT NULL DEFAULT 'draft', "classification" text NOT NULL DEFAULT 'internal', "published_version_id" uuid,
        "version" integer NOT NULL DEFAULT 1, "created_at" ${ts}, "updated_at" ${ts},
        CONSTRAINT "playbooks_pkey" PRIMARY KEY ("tenant_id", "id"),
        CONSTRAINT "playbooks_tenant_id_name_key" UNIQUE ("tenant_id", "name"),
        ${status('playbooks', ['draft', 'enabled', 'disabled', 'deprecated'])}, ${cls('playbooks')})`,
      `CREATE INDEX "playbooks_tenant_id_status_id_idx" ON "playbooks" ("tenant_id", "status", "id")`,
      `CREATE TABLE "playbook_versions" (
        "tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "playbook_id" uuid NOT NULL, "number" integer NOT NULL,
        "status" text NOT NULL DEFAULT 'draft', "steps" jsonb NOT NULL DEFAULT '[]', "triggers" jsonb NOT NULL DEFAULT '[]', "published_at" timestamptz,
        "version" integer NOT NULL DEFAULT 1, "created_at" ${ts}, "updated_at" ${ts},
        CONSTRAINT "playbook_versions_pkey" PRIMARY KEY ("tenant_id", "id"),
        CONSTRAINT "playbook_versions_tenant_id_playbook_id_number_key" UNIQUE ("tenant_id", "playbook_id", "number"),
        CONSTRAINT "playbook_versions_tenant_id_playbook_id_fkey" FOREIGN KEY ("tenant_id", "playbook_id") REFERENCES "playbooks" ("tenant_id", "id") ON DELETE CASCADE,
        ${status('playbook_versions', ['draft', 'published'])})`,
      `CREATE TABLE "playbook_runs" (
        "tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "playbook_id" uuid NOT NULL, "version_id" uuid NOT NULL,
        "status" text NOT NULL DEFAULT 'running', "step_results" jsonb NOT NULL DEFAULT '[]', "started_by" text NOT NULL, "finished_at" timestamptz,
        "version" integer NOT NULL DEFAULT 1, "created_at" ${ts}, "updated_at" ${ts},
        CONSTRAINT "playbook_runs_pkey" PRIMARY KEY ("tenant_id", "id"),
        CONSTRAINT "playbook_runs_tenant_id_playbook_id_fkey" FOREIGN KEY ("tenant_id", "playbook_id") REFERENCES "playbooks" ("tenant_id", "id") ON DELETE CASCADE,
        CONSTRAINT "playbook_runs_tenant_id_version_id_fkey" FOREIGN KEY ("tenant_id", "version_id") REFERENCES "playbook_versions" ("tenant_id", "id"),
        ${status('playbook_runs', ['running', 'succeeded', 'failed', 'cancelled'])})`,
      `CREATE INDEX "playbook_runs_tenant_id_playbook_id_id_idx" ON "playbook_runs" ("tenant_id", "playbook_id", "id")`,

      `CREATE TABLE "tasks" (
        "tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "queue" text NOT NULL, "kind" text NOT NULL, "payload" jsonb NOT NULL DEFAULT '{}',
        "priority" integer NOT NULL DEFAULT 0, "run_at" ${ts}, "status" text NOT NULL DEFAULT 'queued',
        "classification" text NOT NULL DEFAULT 'internal', "attempts" integer NOT NULL DEFAULT 0, "max_attempts" integer NOT NULL DEFAULT 5,
        "idempotency_key" text, "assigned_agent_id" uuid, "claimed_by" uuid, "lease_token" uuid, "lease_expires_at" timestamptz,
        "last_error" text, "result" jsonb, "finished_at" timestamptz,
        "version" integer NOT NULL DEFAULT 1, "created_at" ${ts}, "updated_at" ${ts},
        CONSTRAINT "tasks_pkey" PRIMARY KEY ("tenant_id", "id"),
        CONSTRAINT "tasks_tenant_id_queue_idempotency_key_key" UNIQUE ("tenant_id", "queue", "idempotency_key"),
        CONSTRAINT "tasks_tenant_id_assigned_agent_id_fkey" FOREIGN KEY ("tenant_id", "assigned_agent_id") REFERENCES "agents" ("tenant_id", "id"),
        CONSTRAINT "tasks_tenant_id_claimed_by_fkey" FOREIGN KEY ("tenant_id", "claimed_by") REFERENCES "agents" ("tenant_id", "id"),
        CONSTRAINT "tasks_attempts_check" CHECK ("attempts" >= 0 AND "max_attempts" >= 1),
        ${status('tasks', ['queued', 'claimed', 'succeeded', 'failed', 'retry_wait', 'dead', 'cancelled'])}, ${cls('tasks')})`,
      `CREATE INDEX "tasks_tenant_id_queue_priority_run_at_idx" ON "tasks" ("tenant_id", "queue", "priority" DESC, "run_at", "id") WHERE "status" IN ('queued', 'retry_wait')`,
      `CREATE INDEX "tasks_tenant_id_status_id_idx" ON "tasks" ("tenant_id", "status", "id")`,
      `CREATE INDEX "tasks_tenant_id_lease_expires_at_idx" ON "tasks" ("tenant_id", "lease_expires_at") WHERE "status" = 'claimed'`,
      `CREATE INDEX "tasks_tenant_id_finished_at_idx" ON "tasks" ("tenant_id", "finished_at") WHERE "finished_at" IS NOT NULL`,

      `CREATE TABLE "channels" (
        "tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "name" text NOT NULL, "status" text NOT NULL DEFAULT 'active',
        "classification" text NOT NULL DEFAULT 'internal', "last_sequence" bigint NOT NULL DEFAULT 0,
        "version" integer NOT NULL DEFAULT 1, "created_at" ${ts}, "updated_at" ${ts},
        CONSTRAINT "channels_pkey" PRIMARY KEY ("tenant_id", "id"),
        CONSTRAINT "channels_tenant_id_name_key" UNIQUE ("tenant_id", "name"),
        ${status('channels', ['active', 'archived'])}, ${cls('channels')})`,
      `CREATE INDEX "channels_tenant_id_status_id_idx" ON "channels" ("tenant_id", "status", "id")`,
      `CREATE TABLE "channel_members" (
        "tenant_id" uuid NOT NULL, "channel_id" uuid NOT NULL, "member_id" text NOT NULL, "acked_sequence" bigint NOT NULL DEFAULT 0, "joined_at" ${ts},
        CONSTRAINT "channel_members_pkey" PRIMARY KEY ("tenant_id", "channel_id", "member_id"),
        CONSTRAINT "channel_members_tenant_id_channel_id_fkey" FOREIGN KEY ("tenant_id", "channel_id") REFERENCES "channels" ("tenant_id", "id") ON DELETE CASCADE)`,
      `CREATE INDEX "channel_members_tenant_id_member_id_idx" ON "channel_members" ("tenant_id", "member_id")`,
      `CREATE TABLE "channel_messages" (
        "tenant_id" uuid NOT NULL, "channel_id" uuid NOT NULL, "sequence" bigint NOT NULL, "id" uuid NOT NULL,
        "sender" text NOT NULL, "body" jsonb NOT NULL, "created_at" ${ts},
        CONSTRAINT "channel_messages_pkey" PRIMARY KEY ("tenant_id", "channel_id", "sequence"),
        CONSTRAINT "channel_messages_tenant_id_channel_id_fkey" FOREIGN KEY ("tenant_id", "channel_id") REFERENCES "channels" ("tenant_id", "id") ON DELETE CASCADE)`,
      `CREATE INDEX "channel_messages_tenant_id_created_at_idx" ON "channel_messages" ("tenant_id", "created_at")`,

      `CREATE TABLE "proposals" (
        "tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "title" text NOT NULL, "description" text NOT NULL DEFAULT '',
        "status" text NOT NULL DEFAULT 'open', "classification" text NOT NULL DEFAULT 'internal',
        "quorum" double precision NOT NULL, "threshold" text NOT NULL, "deadline" timestamptz NOT NULL,
        "total_weight" bigint NOT NULL, "yes_weight" bigint NOT NULL DEFAULT 0, "no_weight" bigint NOT NULL DEFAULT 0, "abstain_weight" bigint NOT NULL DEFAULT 0,
        "opened_by" text NOT NULL, "closed_at" timestamptz,
        "version" integer NOT NULL DEFAULT 1, "created_at" ${ts}, "updated_at" ${ts},
        CONSTRAINT "proposals_pkey" PRIMARY KEY ("tenant_id", "id"),
        CONSTRAINT "proposals_quorum_check" CHECK ("quorum" > 0 AND "quorum" <= 1),
        CONSTRAINT "proposals_threshold_check" CHECK ("threshold" IN ('simple_majority','two_thirds','unanimous')),
        ${status('proposals', ['open', 'accepted', 'rejected', 'expired', 'cancelled'])}, ${cls('proposals')})`,
      `CREATE INDEX "proposals_tenant_id_status_id_idx" ON "proposals" ("tenant_id", "status", "id")`,
      `CREATE INDEX "proposals_tenant_id_deadline_idx" ON "proposals" ("tenant_id", "deadline") WHERE "status" = 'open'`,
      `CREATE TABLE "proposal_voters" (
        "tenant_id" uuid NOT NULL, "proposal_id" uuid NOT NULL, "voter_id" text NOT NULL, "weight" bigint NOT NULL,
        CONSTRAINT "proposal_voters_pkey" PRIMARY KEY ("tenant_id", "proposal_id", "voter_id"),
        CONSTRAINT "proposal_voters_tenant_id_proposal_id_fkey" FOREIGN KEY ("tenant_id", "proposal_id") REFERENCES "proposals" ("tenant_id", "id") ON DELETE CASCADE,
        CONSTRAINT "proposal_voters_weight_check" CHECK ("weight" > 0))`,
      `CREATE TABLE "proposal_votes" (
        "tenant_id" uuid NOT NULL, "proposal_id" uuid NOT NULL, "voter_id" text NOT NULL, "choice" text NOT NULL, "weight" bigint NOT NULL,
        "cast_at" timestamptz NOT NULL,
        CONSTRAINT "proposal_votes_pkey" PRIMARY KEY ("tenant_id", "proposal_id", "voter_id"),
        CONSTRAINT "proposal_votes_tenant_id_proposal_id_voter_id_fkey" FOREIGN KEY ("tenant_id", "proposal_id", "voter_id") REFERENCES "proposal_voters" ("tenant_id", "proposal_id", "voter_id") ON DELETE CASCADE,
        CONSTRAINT "proposal_votes_choice_check" CHECK ("choice" IN ('yes','no','abstain')))`,

      `CREATE TABLE "audit_events" (
        "tenant_id" uuid NOT NULL, "sequence" bigint NOT NULL, "id" uuid NOT NULL, "occurred_at" timestamptz NOT NULL,
        "actor_subject" text NOT NULL, "actor_roles" text[] NOT NULL, "action" text NOT NULL,
        "resource_type" text NOT NULL, "resource_id" text, "outcome" text NOT NULL, "decision" jsonb NOT NULL,
        "request_id" text, "changes" jsonb NOT NULL, "prev_hash" text NOT NULL, "hash" text NOT NULL,
        CONSTRAINT "audit_events_pkey" PRIMARY KEY ("tenant_id", "sequence"),
        CONSTRAINT "audit_events_outcome_check" CHECK ("outcome" IN ('allowed','denied','failed')))`,
      `CREATE INDEX "audit_events_tenant_id_occurred_at_idx" ON "audit_events" ("tenant_id", "occurred_at", "sequence")`,
      `CREATE INDEX "audit_events_tenant_id_actor_subject_idx" ON "audit_events" ("tenant_id", "actor_subject", "sequence")`,
      `CREATE INDEX "audit_events_tenant_id_resource_idx" ON "audit_events" ("tenant_id", "resource_type", "resource_id", "sequence")`,
      `CREATE INDEX "audit_events_tenant_id_action_idx" ON "audit_events" ("tenant_id", "action", "sequence")`,
      `CREATE TABLE "audit_heads" (
        "tenant_id" uuid NOT NULL, "sequence" bigint NOT NULL, "hash" text NOT NULL, "updated_at" ${ts},
        CONSTRAINT "audit_heads_pkey" PRIMARY KEY ("tenant_id"))`,
      `CREATE FUNCTION "audit_events_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege'; END $f$`,
      `CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION "audit_events_refuse_change"()`,
      `CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_refuse_change"()`,

      `CREATE TABLE "outbox_events" (
        "tenant_id" uuid NOT NULL, "sequence" bigint NOT NULL, "id" uuid NOT NULL, "aggregate_type" text NOT NULL, "aggregate_id" text NOT NULL,
        "event_type" text NOT NULL, "payload" jsonb NOT NULL, "created_at" ${ts},
        CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("tenant_id", "sequence"))`,
      `CREATE INDEX "outbox_events_tenant_id_created_at_idx" ON "outbox_events" ("tenant_id", "created_at")`,

      `CREATE TABLE "idempotency_records" (
        "tenant_id" uuid NOT NULL, "subject" text NOT NULL, "key" text NOT NULL, "request_hash" text NOT NULL,
        "status_code" integer NOT NULL, "response" jsonb NOT NULL, "created_at" ${ts}, "expires_at" timestamptz NOT NULL,
        CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("tenant_id", "subject", "key"))`,
      `CREATE INDEX "idempotency_records_tenant_id_expires_at_idx" ON "idempotency_records" ("tenant_id", "expires_at")`,

      // Immutability the database enforces for every role, not just the app.
      `CREATE FUNCTION "immutable_row_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN RAISE EXCEPTION '% rows are immutable: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege'; END $f$`,
      `CREATE TRIGGER "loop_cycles_immutable" BEFORE UPDATE ON "loop_cycles" FOR EACH ROW EXECUTE FUNCTION "immutable_row_refuse_change"()`,
      `CREATE TRIGGER "playbook_versions_published_immutable" BEFORE UPDATE OR DELETE ON "playbook_versions" FOR EACH ROW WHEN (OLD."status" = 'published') EXECUTE FUNCTION "immutable_row_refuse_change"()`,

      // Live delivery for channel readers and outbox watchers.
      `CREATE FUNCTION "notify_change"() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
          IF TG_TABLE_NAME = 'channel_messages' THEN
            PERFORM pg_notify('orch_channel', NEW."tenant_id"::text || ':' || NEW."channel_id"::text || ':' || NEW."sequence"::text);
          ELSE
            PERFORM pg_notify('orch_outbox', NEW."tenant_id"::text || ':' || NEW."sequence"::text);
          END IF;
          RETURN NULL;
        END $f$`,
      `CREATE TRIGGER "channel_messages_notify" AFTER INSERT ON "channel_messages" FOR EACH ROW EXECUTE FUNCTION "notify_change"()`,
      `CREATE TRIGGER "outbox_events_notify" AFTER INSERT ON "outbox_events" FOR EACH ROW EXECUTE FUNCTION "notify_change"()`,

      // The platform row: tenant provisioning is audited in its own chain.
      `INSERT INTO "tenants" ("id", "slug", "name", "retention") VALUES ('${PLATFORM_TENANT}', 'platform', 'Platform', '{"finishedTaskDays":30,"channelMessageDays":90,"auditDays":2555}')`,
    ];

    for (const t of TENANT_TABLES) statements.push(...tenantIsolation(t));
    // Tenants: a tenant sees its own row; the platform context sees all.
    statements.push(
      `ALTER TABLE "tenants" ENABLE ROW LEVEL SECURITY`,
      `ALTER TABLE "tenants" FORCE ROW LEVEL SECURITY`,
      `CREATE POLICY "tenants_tenant_isolation" ON "tenants" USING ("id" = NULLIF(current_setting('${TENANT_SETTING}', true), '')::uuid OR NULLIF(current_setting('${TENANT_SETTING}', true), '')::uuid = '${PLATFORM_TENANT}'::uuid)`,
    );

    // Ownership and least-privilege grants.
    statements.push(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`, `GRANT USAGE, CREATE ON SCHEMA public TO ${OWNER_ROLE}`);
    for (const t of ALL_TABLES) statements.push(`ALTER TABLE "${t}" OWNER TO ${OWNER_ROLE}`);
    const grants: Record<string, string> = {
      tenants: 'SELECT, INSERT, UPDATE',
      loop_cycles: 'SELECT, INSERT',
      experiment_observations: 'SELECT, INSERT',
      channel_messages: 'SELECT, INSERT, DELETE',
      audit_events: 'SELECT, INSERT',
      audit_heads: 'SELECT, INSERT, UPDATE',
      outbox_events: 'SELECT, INSERT, DELETE',
      idempotency_records: 'SELECT, INSERT, DELETE',
    };
    for (const t of ALL_TABLES) statements.push(`GRANT ${grants[t] ?? 'SELECT, INSERT, UPDATE, DELETE'} ON "${t}" TO ${APP_ROLE}`);

    for (const s of statements) await q.query(s);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [...TENANT_TABLES].reverse()) await q.query(`DROP TABLE IF EXISTS "${t}" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "tenants" CASCADE`);
    await q.query(`DROP FUNCTION IF EXISTS "audit_events_refuse_change"()`);
    await q.query(`DROP FUNCTION IF EXISTS "immutable_row_refuse_change"()`);
    await q.query(`DROP FUNCTION IF EXISTS "notify_change"()`);
    await q.query(`REVOKE ALL ON SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON SCHEMA public FROM ${OWNER_ROLE}`);
    // The roles are cluster-wide and may serve other databases, so they stay.
  }
}
