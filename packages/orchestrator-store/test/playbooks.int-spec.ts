import { ConflictError, InvalidTransitionError, PolicyDeniedError, ValidationError, type PlaybookStep } from '@intelgraph/domain';
import { databaseTargets } from '@intelgraph/persistence/testing';
import { actorOf, countRows, openStoreFixture, type StoreFixture } from './support/store.fixture.js';

describe.each(databaseTargets())('PlaybookService on $name', (target) => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await openStoreFixture(target);
  });
  afterAll(async () => {
    await f.dispose();
  });

  const steps: PlaybookStep[] = [
    { key: 'isolate', action: 'host.isolate', params: { host: 'h1' } },
    { key: 'notify', action: 'chat.post', params: {} },
  ];

  it('versions, publishes (draft → disabled), enables, runs step by step, and audits every write', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const p = await f.store.playbooks.create(admin, { name: 'contain' });
    await expect(f.store.playbooks.createVersion(admin, p.id, { steps: [steps[0]!, steps[0]!] })).rejects.toBeInstanceOf(ValidationError);
    const v1 = await f.store.playbooks.createVersion(admin, p.id, { steps: [steps[0]!], triggers: [{ type: 'manual', spec: '' }] });
    expect(v1.number).toBe(1);
    const edited = await f.store.playbooks.updateVersion(admin, v1.id, { expectedVersion: v1.version, steps });
    expect(edited.steps.map((s) => s.key)).toEqual(['isolate', 'notify']);
    await expect(f.store.playbooks.startRun(admin, p.id)).rejects.toBeInstanceOf(InvalidTransitionError);
    const published = await f.store.playbooks.publish(admin, p.id, v1.id);
    expect(published).toMatchObject({ status: 'disabled', publishedVersionId: v1.id });
    const versions = await f.store.playbooks.listVersions(admin, p.id);
    expect(versions.items[0]).toMatchObject({ status: 'published' });
    expect(versions.items[0]?.publishedAt).toBeInstanceOf(Date);
    await expect(f.store.playbooks.updateVersion(admin, v1.id, { expectedVersion: edited.version + 1, steps })).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(f.store.playbooks.startRun(admin, p.id)).rejects.toBeInstanceOf(InvalidTransitionError);
    expect((await f.store.playbooks.enable(admin, p.id)).status).toBe('enabled');
    const run = await f.store.playbooks.startRun(admin, p.id);
    expect(run).toMatchObject({ status: 'running', versionId: v1.id, startedBy: admin.subject });
    await expect(f.store.playbooks.recordStep(admin, run.id, { stepKey: 'notify', status: 'succeeded', output: {} })).rejects.toBeInstanceOf(ValidationError);
    await expect(f.store.playbooks.recordStep(admin, run.id, { stepKey: 'ghost', status: 'succeeded', output: {} })).rejects.toBeInstanceOf(ValidationError);
    await f.store.playbooks.recordStep(admin, run.id, { stepKey: 'isolate', status: 'succeeded', output: { ok: true } });
    await expect(f.store.playbooks.finishRun(admin, run.id, { status: 'succeeded' })).rejects.toBeInstanceOf(ConflictError);
    await f.store.playbooks.recordStep(admin, run.id, { stepKey: 'notify', status: 'skipped', output: {} });
    const done = await f.store.playbooks.finishRun(admin, run.id, { status: 'succeeded' });
    expect(done.status).toBe('succeeded');
    expect(done.finishedAt).toBeInstanceOf(Date);
    expect((await f.store.playbooks.getRun(admin, run.id)).stepResults.map((r) => r.stepKey)).toEqual(['isolate', 'notify']);
    expect((await f.store.playbooks.listRuns(admin, p.id)).items).toHaveLength(1);
    await expect(f.store.playbooks.recordStep(admin, run.id, { stepKey: 'notify', status: 'failed', output: {} })).rejects.toBeInstanceOf(InvalidTransitionError);
    // create, createVersion, updateVersion, publish, enable, startRun, 2 steps, finish
    expect(await countRows(f.dataSource, 'audit_events', tenant, `AND outcome = 'allowed'`)).toBe(9);
    expect(await countRows(f.dataSource, 'outbox_events', tenant)).toBe(9);
  });

  it('cancels a run, disables and deprecates', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const p = await f.store.playbooks.create(admin, { name: 'p' });
    const v = await f.store.playbooks.createVersion(admin, p.id, { steps });
    await f.store.playbooks.publish(admin, p.id, v.id);
    await f.store.playbooks.enable(admin, p.id);
    const run = await f.store.playbooks.startRun(admin, p.id);
    expect((await f.store.playbooks.finishRun(admin, run.id, { status: 'cancelled' })).status).toBe('cancelled');
    expect((await f.store.playbooks.disable(admin, p.id)).status).toBe('disabled');
    expect((await f.store.playbooks.deprecate(admin, p.id)).status).toBe('deprecated');
    await expect(f.store.playbooks.enable(admin, p.id)).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it('requires MFA to publish (governance) and audits the deny', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const p = await f.store.playbooks.create(admin, { name: 'p' });
    const v = await f.store.playbooks.createVersion(admin, p.id, { steps });
    await expect(f.store.playbooks.publish(actorOf(tenant, { mfa: false }), p.id, v.id)).rejects.toBeInstanceOf(PolicyDeniedError);
    expect(await countRows(f.dataSource, 'audit_events', tenant, `AND outcome = 'denied' AND action = 'playbook:publish'`)).toBe(1);
    expect((await f.store.playbooks.get(admin, p.id)).status).toBe('draft');
  });
});
