import { InvalidTransitionError, PolicyDeniedError, ValidationError } from '@intelgraph/domain';
import { databaseTargets } from '@intelgraph/persistence/testing';
import { actorOf, countRows, openStoreFixture, type StoreFixture } from './support/store.fixture.js';

describe.each(databaseTargets())('ExperimentService on $name', (target) => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await openStoreFixture(target);
  });
  afterAll(async () => {
    await f.dispose();
  });

  const variants = [
    { key: 'control', weight: 50 },
    { key: 'treatment', weight: 50 },
  ];

  it('refuses weights that do not sum to 100, listing the problems, and writes nothing', async () => {
    const tenant = await f.newTenant();
    const error = await f.store.experiments
      .create(actorOf(tenant), { name: 'x', variants: [{ key: 'a', weight: 30 }, { key: 'a', weight: 20.5 }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const messages = (error as ValidationError).fields.map((x) => x.message).join('|');
    expect(messages).toContain('repeated');
    expect(messages).toContain('sum to 100');
    expect(await countRows(f.dataSource, 'audit_events', tenant)).toBe(0);
  });

  it('runs the lifecycle, records observations and reports SQL statistics per variant', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const e = await f.store.experiments.create(admin, { name: 'latency', hypothesis: 'faster', variants });
    expect(e.status).toBe('draft');
    await expect(f.store.experiments.observe(admin, e.id, { variantKey: 'control', metric: 'ms', value: 1 })).rejects.toBeInstanceOf(InvalidTransitionError);
    const started = await f.store.experiments.start(admin, e.id, { expectedVersion: e.version });
    expect(started.status).toBe('running');
    for (const value of [10, 20, 30]) await f.store.experiments.observe(admin, e.id, { variantKey: 'control', metric: 'ms', value });
    await f.store.experiments.observe(admin, e.id, { variantKey: 'treatment', metric: 'ms', value: 5 });
    await expect(f.store.experiments.observe(admin, e.id, { variantKey: 'nope', metric: 'ms', value: 1 })).rejects.toBeInstanceOf(ValidationError);
    const results = await f.store.experiments.results(admin, e.id, 'ms');
    const control = results.find((r) => r.variantKey === 'control');
    expect(control).toMatchObject({ count: 3, mean: 20, stddev: 10 });
    expect(results.find((r) => r.variantKey === 'treatment')).toMatchObject({ count: 1, mean: 5, stddev: null });
    expect((await f.store.experiments.pause(admin, e.id)).status).toBe('paused');
    expect((await f.store.experiments.resume(admin, e.id)).status).toBe('running');
    const concluded = await f.store.experiments.conclude(admin, e.id, { conclusion: 'treatment wins' });
    expect(concluded).toMatchObject({ status: 'concluded', conclusion: 'treatment wins' });
    await expect(f.store.experiments.abort(admin, e.id)).rejects.toBeInstanceOf(InvalidTransitionError);
    // create, start, 4 observations, pause, resume, conclude
    expect(await countRows(f.dataSource, 'audit_events', tenant)).toBe(9);
    expect(await countRows(f.dataSource, 'outbox_events', tenant)).toBe(9);
    expect((await f.store.experiments.list(admin, { status: 'concluded' })).items.map((x) => x.id)).toEqual([e.id]);
  });

  it('aborts on a guardrail breach in the same transaction, as a second audited effect', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const e = await f.store.experiments.create(admin, { name: 'errors', variants, guardrail: { metric: 'error_rate', threshold: 0.1, direction: 'above' } });
    await f.store.experiments.start(admin, e.id);
    const ok = await f.store.experiments.observe(admin, e.id, { variantKey: 'treatment', metric: 'error_rate', value: 0.05 });
    expect(ok.guardrailBreach).toBeNull();
    const before = await countRows(f.dataSource, 'audit_events', tenant);
    const tripped = await f.store.experiments.observe(admin, e.id, { variantKey: 'treatment', metric: 'error_rate', value: 0.5 });
    expect(tripped.guardrailBreach?.variantKey).toBe('treatment');
    expect(tripped.experiment.status).toBe('aborted');
    expect((await f.store.experiments.get(admin, e.id)).status).toBe('aborted');
    expect(await countRows(f.dataSource, 'audit_events', tenant)).toBe(before + 2);
    expect(await countRows(f.dataSource, 'outbox_events', tenant, `AND event_type = 'experiment:abort'`)).toBe(1);
  });

  it('denies a viewer and audits the denied attempt', async () => {
    const tenant = await f.newTenant();
    const e = await f.store.experiments.create(actorOf(tenant), { name: 'v', variants });
    const viewer = actorOf(tenant, { subject: 'viewer@t', roles: ['viewer'] });
    await expect(f.store.experiments.start(viewer, e.id)).rejects.toBeInstanceOf(PolicyDeniedError);
    expect(await countRows(f.dataSource, 'audit_events', tenant, `AND outcome = 'denied'`)).toBe(1);
    expect((await f.store.experiments.get(viewer, e.id)).status).toBe('draft');
  });
});
