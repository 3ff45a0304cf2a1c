import type { TenantMaintenanceReport } from '@intelgraph/orchestrator-store';
import { MaintenanceScheduler } from './maintenance.scheduler.js';

describe(MaintenanceScheduler.name, () => {
  const report = (purgedTasks: number): TenantMaintenanceReport => ({ tenantId: 't', purgedTasks, purgedMessages: 1, reclaimedTasks: 0 });

  it('runs passes on its interval without overlapping them, logs totals, and stops after the pass in flight', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const store = {
      maintenance: {
        runOnce: jest.fn(async () => {
          calls++;
          await new Promise<void>((r) => (release = r));
          return [report(2), report(3)];
        }),
      },
    };
    const lines: string[] = [];
    const sut = new MaintenanceScheduler(store as never, 10, (l) => lines.push(l));
    sut.start();
    await new Promise((r) => setTimeout(r, 60)); // several ticks while the first pass is still running
    expect(calls).toBe(1);
    release();
    await sut.stop();
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ event: 'maintenance', tenants: 2, purgedTasks: 5, purgedMessages: 2 });
    const after = calls;
    await new Promise((r) => setTimeout(r, 40));
    expect(calls).toBe(after);
  });

  it('logs a failed pass and does nothing with a zero interval', async () => {
    const lines: string[] = [];
    const failing = new MaintenanceScheduler({ maintenance: { runOnce: () => Promise.reject(new Error('db down')) } } as never, 5, (l) => lines.push(l));
    failing.start();
    await new Promise((r) => setTimeout(r, 30));
    await failing.stop();
    expect(lines.some((l) => l.includes('"level":"error"') && l.includes('db down'))).toBe(true);
    const runOnce = jest.fn();
    const off = new MaintenanceScheduler({ maintenance: { runOnce } } as never, 0, () => undefined);
    off.start();
    await new Promise((r) => setTimeout(r, 20));
    await off.stop();
    expect(runOnce).not.toHaveBeenCalled();
  });
});
