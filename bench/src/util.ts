/** Shared measuring helpers: timing, medians, percentiles, interleaved rounds, progress to stderr. */

export type Better = 'lower' | 'higher';

/** One row of the results table and of `results/latest.json`. */
export interface BenchResult {
  readonly name: string;
  readonly unit: string;
  readonly better: Better;
  readonly value: number;
  readonly baseline: string;
  readonly baselineValue: number;
  /** `value / baselineValue`. */
  readonly ratio: number;
  readonly note?: string;
}

/** Progress line to stderr (stdout carries the table only). */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Monotonic milliseconds. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile of `values` (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/**
 * Runs `rounds` rounds of a baseline and a subject measurement, alternating which goes first
 * (B S, S B, B S, …) so drift from other load on the machine hits both alike. Each function returns
 * that round's figure; the medians are returned.
 */
export async function interleave(
  label: string,
  rounds: number,
  baseline: (round: number) => Promise<number>,
  subject: (round: number) => Promise<number>,
): Promise<{ baseline: number; subject: number; baselineRounds: number[]; subjectRounds: number[] }> {
  const b: number[] = [];
  const s: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      b.push(await baseline(r));
      s.push(await subject(r));
    } else {
      s.push(await subject(r));
      b.push(await baseline(r));
    }
    progress(`${label}: round ${r + 1}/${rounds} baseline=${fmt(b[b.length - 1] as number)} subject=${fmt(s[s.length - 1] as number)}`);
  }
  return { baseline: median(b), subject: median(s), baselineRounds: b, subjectRounds: s };
}

/** Runs `count` calls of `op` with at most `concurrency` in flight; returns each call's latency in ms. */
export async function runConcurrent(count: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const t0 = nowMs();
      await op(i);
      latencies.push(nowMs() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, () => worker()));
  return latencies;
}

export function result(name: string, unit: string, better: Better, value: number, baseline: string, baselineValue: number, note?: string): BenchResult {
  return { name, unit, better, value: round(value), baseline, baselineValue: round(baselineValue), ratio: round(value / baselineValue, 3), ...(note ? { note } : {}) };
}

export function round(v: number, digits = 3): number {
  if (!Number.isFinite(v)) return v;
  const abs = Math.abs(v);
  const d = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? Math.max(2, digits - 1) : digits + 1;
  return Number(v.toFixed(d));
}

export function fmt(v: number): string {
  return String(round(v));
}

/** How bad a ratio is, whatever the direction: ≥ 1, where 1 is parity with the baseline. */
export function badness(r: BenchResult): number {
  return r.better === 'lower' ? r.ratio : 1 / r.ratio;
}
