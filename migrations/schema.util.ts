/** Names shared by the migrations and the code that relies on them. */
export const APP_ROLE = 'orch_app';
/** Owns every table; not a superuser, so forced row-level security applies to it too. */
export const OWNER_ROLE = 'orch_owner';
/** The transaction-local setting that row-level security policies read. */
export const TENANT_SETTING = 'app.tenant_id';
/** The platform's pseudo-tenant; its chain audits tenant provisioning. */
export const PLATFORM_TENANT = '00000000-0000-0000-0000-000000000000';

const currentTenant = `NULLIF(current_setting('${TENANT_SETTING}', true), '')::uuid`;

/** Enables and forces RLS on a tenant-owned table with one policy on the transaction-local tenant. */
export function tenantIsolation(table: string): string[] {
  return [
    `ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY "${table}_tenant_isolation" ON "${table}" USING ("tenant_id" = ${currentTenant}) WITH CHECK ("tenant_id" = ${currentTenant})`,
  ];
}

/** Creates a NOLOGIN role when missing (roles are cluster-wide; other databases may share it). */
export function ensureRole(role: string, attributes: string): string {
  return `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} ${attributes}; END IF; END $$`;
}
