import { ConflictError, UnavailableError, ValidationError } from '@intelgraph/domain';

/** PostgreSQL SQLSTATE codes the store reacts to. */
export const PG = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  notNullViolation: '23502',
  invalidTextRepresentation: '22P02',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  insufficientPrivilege: '42501',
  lockNotAvailable: '55P03',
  queryCanceled: '57014',
  characterNotInRepertoire: '22021',
  untranslatableCharacter: '22P05',
} as const;

/** SQLSTATEs (and driver codes) meaning the server or connection went away mid-request. */
const CONNECTION_LOST = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE']);

/** True when the database connection was lost or the server is shutting down or starting up. */
export function isConnectionLost(error: unknown): boolean {
  const code = sqlState(error);
  if (code && CONNECTION_LOST.has(code)) return true;
  // TypeORM releases a query runner whose connection died; later statements then fail like this.
  if ((error as { name?: unknown } | null)?.name === 'QueryRunnerAlreadyReleasedError') return true;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /Connection terminated|connection is closed|Client has encountered a connection error/i.test(message);
}

/** The SQLSTATE of a driver error, if it has one. */
export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True for failures that a retry of the whole transaction may cure. */
export function isRetryable(error: unknown): boolean {
  const code = sqlState(error);
  return code === PG.serializationFailure || code === PG.deadlockDetected;
}

/** Turns constraint violations into the domain's typed errors; anything else is returned unchanged. */
export function translatePgError(error: unknown): unknown {
  const code = sqlState(error);
  const e = error as { constraint?: string; driverError?: { constraint?: string; detail?: string } };
  const constraint = e.driverError?.constraint ?? e.constraint ?? 'a constraint';
  switch (code) {
    case PG.uniqueViolation:
      return new ConflictError(`already exists (${constraint})`, { cause: error });
    case PG.foreignKeyViolation:
      return ValidationError.field(constraint, 'refers to something that does not exist');
    case PG.checkViolation:
      return ValidationError.field(constraint, 'value not allowed');
    case PG.invalidTextRepresentation:
    case PG.characterNotInRepertoire:
    case PG.untranslatableCharacter:
      return ValidationError.field('(input)', 'malformed value');
    case undefined:
    default:
      return isConnectionLost(error) ? new UnavailableError('database', 'the connection to PostgreSQL was lost; retry the request', { cause: error }) : error;
  }
}
