import type { OrchestratorStore } from '@intelgraph/orchestrator-store';

/**
 * Runs the store's maintenance pass (retention purges of finished tasks and old channel messages,
 * reclaiming expired task leases; never audit events) every `intervalMs`. Passes never overlap; a
 * failed pass is logged and the next one runs on schedule. With several replicas each runs its own
 * passes: purges are idempotent and reclaims skip rows another replica holds.
 */
export class MaintenanceScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: Pick<OrchestratorStore, 'maintenance'>,
    private readonly intervalMs: number,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts the schedule (no-op when the interval is 0). */
  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.pass().finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Stops the schedule and waits for a pass in flight, so the store can close after it. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async pass(): Promise<void> {
    const started = Date.now();
    try {
      const reports = await this.store.maintenance.runOnce();
      const totals = reports.reduce(
        (t, r) => ({ tenants: t.tenants + 1, purgedTasks: t.purgedTasks + r.purgedTasks, purgedMessages: t.purgedMessages + r.purgedMessages, reclaimedTasks: t.reclaimedTasks + r.reclaimedTasks }),
        { tenants: 0, purgedTasks: 0, purgedMessages: 0, reclaimedTasks: 0 },
      );
      this.log(JSON.stringify({ level: 'info', event: 'maintenance', durationMs: Date.now() - started, ...totals }));
    } catch (error) {
      this.log(JSON.stringify({ level: 'error', event: 'maintenance', message: (error as Error).message }));
    }
  }
}
