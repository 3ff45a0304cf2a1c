export { AUDIT_LOG } from './audit-log.port.js';
export type { AuditHead, AuditLog, AuditQueryFilter } from './audit-log.port.js';
export { GENESIS_HASH, auditHashPayload, computeAuditHash, truncateToMillis } from './audit-hash.js';
export type { AuditHashInput } from './audit-hash.js';
export { PostgresAuditLog } from './postgres-audit-log.js';
export type { PostgresAuditLogOptions } from './postgres-audit-log.js';
export { appendStandalone, deniedAuditInput } from './append-standalone.js';
export { AuditChainVerifier, DEFAULT_VERIFY_BATCH_SIZE, MAX_VERIFY_BATCH_SIZE, listAuditedTenants } from './audit-chain.verifier.js';
export type {
  AuditChainBreakReason,
  AuditChainBroken,
  AuditChainOk,
  AuditChainVerification,
  AuditVerifyOptions,
  AuditVerifyProgress,
  AuditVerifyStats,
} from './audit-chain.verifier.js';
export { auditModule } from './audit.module.js';
export type { AuditModuleOptions } from './audit.module.js';
export { DEFAULT_AUDIT_PAGE_SIZE, MAX_AUDIT_PAGE_SIZE, decodeAuditCursor, encodeAuditCursor } from './audit-cursor.js';
export { validateAuditInput } from './audit-input.validation.js';
export { describeVerification, verifyChains } from './verify-chains.js';
export type { VerifyChainsOptions, VerifyChainsReport } from './verify-chains.js';
