/** One readiness check's result. */
export interface CheckResult {
  readonly ok: boolean;
  readonly detail?: string | undefined;
}

/** Named readiness checks (database, redis, policy); each must resolve, never reject. */
export type HealthChecks = Readonly<Record<string, () => Promise<CheckResult>>>;

/** Runs a check with a timeout; a rejection or timeout becomes `{ ok: false }`. */
export async function runCheck(check: () => Promise<CheckResult>, timeoutMs = 2000): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check(),
      new Promise<CheckResult>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, detail: `timed out after ${timeoutMs} ms` }), timeoutMs);
      }),
    ]);
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  } finally {
    if (timer) clearTimeout(timer);
  }
}
