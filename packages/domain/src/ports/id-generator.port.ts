import type { ServiceIdentifier } from 'inversify';
import { uuidv7 } from '../util/uuid-v7.util.js';

/** Produces new record ids. */
export interface IdGenerator {
  next(): string;
}
export const ID_GENERATOR: ServiceIdentifier<IdGenerator> = Symbol.for('domain.IdGenerator');

/** Time-ordered UUIDv7 ids. */
export class UuidV7Generator implements IdGenerator {
  next(): string {
    return uuidv7();
  }
}
