import { ConflictError, VersionConflictError } from './conflict.error.js';
import { DomainError } from './domain.error.js';
import { InvalidTransitionError } from './invalid-transition.error.js';
import { LeaseLostError } from './lease-lost.error.js';
import { NotFoundError } from './not-found.error.js';
import { PolicyDeniedError } from './policy-denied.error.js';
import { TenantSuspendedError } from './tenant-suspended.error.js';
import { UnavailableError } from './unavailable.error.js';
import { ValidationError } from './validation.error.js';

describe(ValidationError.name, () => {
  it('lists every field with its message', () => {
    const sut = new ValidationError([
      { path: 'name', message: 'is required' },
      { path: 'variants.1.weight', message: 'must be an integer' },
      { path: 'quorum', message: 'must be in (0, 1]' },
    ]);
    expect(sut.message).toBe('invalid input: name: is required; variants.1.weight: must be an integer; quorum: must be in (0, 1]');
    expect(sut.fields).toEqual([
      { path: 'name', message: 'is required' },
      { path: 'variants.1.weight', message: 'must be an integer' },
      { path: 'quorum', message: 'must be in (0, 1]' },
    ]);
  });

  it('names an empty path (root)', () => {
    expect(new ValidationError([{ path: '', message: 'must be an object' }]).message).toBe('invalid input: (root): must be an object');
  });

  it('builds a single-field error with field()', () => {
    const sut = ValidationError.field('deadline', 'must be in the future');
    expect(sut).toBeInstanceOf(ValidationError);
    expect(sut.fields).toEqual([{ path: 'deadline', message: 'must be in the future' }]);
    expect(sut.message).toBe('invalid input: deadline: must be in the future');
  });

  it('is a DomainError with code validation_failed and its class name', () => {
    const sut = ValidationError.field('a', 'b');
    expect(sut).toBeInstanceOf(DomainError);
    expect(sut).toBeInstanceOf(Error);
    expect(sut.code).toBe('validation_failed');
    expect(sut.name).toBe('ValidationError');
  });
});

describe(ConflictError.name, () => {
  it('has code conflict and keeps its cause', () => {
    const cause = new Error('duplicate key');
    const sut = new ConflictError('loop name "x" is taken', { cause });
    expect(sut.code).toBe('conflict');
    expect(sut.message).toBe('loop name "x" is taken');
    expect(sut.cause).toBe(cause);
    expect(sut.name).toBe('ConflictError');
    expect(sut).toBeInstanceOf(DomainError);
  });
});

describe(VersionConflictError.name, () => {
  it('is a ConflictError with code version_conflict', () => {
    const sut = new VersionConflictError('loop', 'id-1', 3, 4);
    expect(sut).toBeInstanceOf(VersionConflictError);
    expect(sut).toBeInstanceOf(ConflictError);
    expect(sut).toBeInstanceOf(DomainError);
    expect(sut.code).toBe('version_conflict');
    expect(sut.name).toBe('VersionConflictError');
  });

  it('names the resource and both versions', () => {
    const sut = new VersionConflictError('loop', 'id-1', 3, 4);
    expect(sut).toMatchObject({ resourceType: 'loop', resourceId: 'id-1', expectedVersion: 3, actualVersion: 4 });
    expect(sut.message).toBe('loop id-1: expected version 3, found 4');
  });

  it('says it has changed when the actual version is unknown', () => {
    const sut = new VersionConflictError('task', 'id-2', 7);
    expect(sut.actualVersion).toBeUndefined();
    expect(sut.message).toBe('task id-2: expected version 7, but it has changed');
  });
});

describe(NotFoundError.name, () => {
  it('names the missing resource', () => {
    const sut = new NotFoundError('agent', 'id-3');
    expect(sut).toMatchObject({ code: 'not_found', resourceType: 'agent', resourceId: 'id-3', message: 'agent id-3 not found' });
  });
});

describe(InvalidTransitionError.name, () => {
  it('carries machine, state and event', () => {
    const sut = new InvalidTransitionError('task', 'succeeded', 'claim');
    expect(sut).toMatchObject({ code: 'invalid_transition', machine: 'task', from: 'succeeded', event: 'claim' });
    expect(sut.message).toBe('task: cannot claim when succeeded');
  });
});

describe(PolicyDeniedError.name, () => {
  it('lists the reasons', () => {
    const sut = new PolicyDeniedError('loop.retire', ['role', 'classification']);
    expect(sut).toMatchObject({ code: 'policy_denied', action: 'loop.retire', reasons: ['role', 'classification'] });
    expect(sut.message).toBe('loop.retire denied: role, classification');
  });

  it('says no rule allowed it when there are no reasons', () => {
    expect(new PolicyDeniedError('x', []).message).toBe('x denied: no rule allowed it');
  });
});

describe(TenantSuspendedError.name, () => {
  it('names the tenant', () => {
    expect(new TenantSuspendedError('t-1')).toMatchObject({ code: 'tenant_suspended', tenantId: 't-1', message: 'tenant t-1 is suspended' });
  });
});

describe(LeaseLostError.name, () => {
  it('names the resource and the detail', () => {
    const sut = new LeaseLostError('loop', 'id-4', 'fencing token 3 is stale');
    expect(sut).toMatchObject({ code: 'lease_lost', resourceType: 'loop', resourceId: 'id-4', message: 'loop id-4: fencing token 3 is stale' });
  });
});

describe(UnavailableError.name, () => {
  it('names the dependency and keeps the cause', () => {
    const cause = new Error('ECONNREFUSED');
    const sut = new UnavailableError('opa', 'connection refused', { cause });
    expect(sut).toMatchObject({ code: 'unavailable', dependency: 'opa', message: 'opa unavailable: connection refused' });
    expect(sut.cause).toBe(cause);
  });
});
