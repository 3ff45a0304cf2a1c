/**
 * Redis keys of one tenant carry the tenant as a Redis Cluster hash tag (`{tenant}`), so all of a
 * tenant's keys hash to one slot and multi-key scripts stay valid on a cluster.
 */
export function tenantKey(prefix: string, tenantId: string, kind: string, name: string): string {
  if (!tenantId) throw new Error('cache key needs a tenant');
  // Braces inside the tenant would break the hash tag; tenant ids are uuids, refuse anything else odd.
  if (/[{}]/.test(tenantId)) throw new Error('tenant id must not contain braces');
  return `${prefix}:{${tenantId}}:${kind}:${name}`;
}
