import type { ServiceIdentifier } from 'inversify';

/** Time source; inject a fake in tests to control leases, deadlines and heartbeats. */
export interface Clock {
  now(): Date;
}
export const CLOCK: ServiceIdentifier<Clock> = Symbol.for('domain.Clock');

/** The wall clock. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
