/** Where the channel subscription's dedicated LISTEN connection goes; undefined means poll only. */
export type ListenUrlSource = string | (() => string | undefined) | undefined;

/**
 * The database URL to LISTEN on, as configured (the container passes its data source's URL);
 * undefined means the subscription relies on its periodic poll alone.
 */
export function resolveListenUrl(source: ListenUrlSource): string | undefined {
  return typeof source === 'function' ? source() : source;
}

/**
 * A one-slot wake-up signal: `notify()` marks work pending; `wait(ms)` resolves at once when work is
 * pending (clearing it), else on the next `notify()`, the timeout, or `signal` aborting.
 */
export class Wakeup {
  private pending = false;
  private resolve: (() => void) | null = null;

  notify(): void {
    this.pending = true;
    const r = this.resolve;
    this.resolve = null;
    r?.();
  }

  async wait(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.pending || signal?.aborted) {
      this.pending = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.resolve = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.resolve = done;
    });
    this.pending = false;
  }
}
