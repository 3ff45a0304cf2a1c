import { backoffDelayMs, TASK_LIMITS } from './task.types.js';

describe(backoffDelayMs.name, () => {
  const low = { random: () => 0 };
  const high = { random: () => 1 };

  // attempt → ceiling with the defaults (base 1 s, doubling, cap 5 min).
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [4, 8_000],
    [5, 16_000],
    [6, 32_000],
    [7, 64_000],
    [8, 128_000],
    [9, 256_000],
    [10, 300_000],
    [11, 300_000],
    [50, 300_000],
  ])('attempt %i waits between half of and the full ceiling %i ms', (attempt, ceiling) => {
    expect(backoffDelayMs(attempt, low)).toBe(ceiling / 2);
    expect(backoffDelayMs(attempt, high)).toBe(ceiling);
    const mid = backoffDelayMs(attempt, { random: () => 0.5 });
    expect(mid).toBeGreaterThanOrEqual(ceiling / 2);
    expect(mid).toBeLessThanOrEqual(ceiling);
    expect(Number.isInteger(mid)).toBe(true);
  });

  it('never exceeds the cap, even for absurd attempt counts', () => {
    expect(backoffDelayMs(5_000, high)).toBe(300_000);
    expect(backoffDelayMs(Number.MAX_SAFE_INTEGER, high)).toBe(300_000);
  });

  it.each([[0], [-3]])('treats attempt %i like the first attempt', (attempt) => {
    expect(backoffDelayMs(attempt, low)).toBe(500);
    expect(backoffDelayMs(attempt, high)).toBe(1_000);
  });

  it('honours a custom base and cap', () => {
    expect(backoffDelayMs(1, { baseMs: 100, capMs: 1_000, random: () => 1 })).toBe(100);
    expect(backoffDelayMs(4, { baseMs: 100, capMs: 1_000, random: () => 1 })).toBe(800);
    expect(backoffDelayMs(5, { baseMs: 100, capMs: 1_000, random: () => 1 })).toBe(1_000);
    expect(backoffDelayMs(5, { baseMs: 100, capMs: 1_000, random: () => 0 })).toBe(500);
  });

  it('rounds down to whole milliseconds', () => {
    expect(backoffDelayMs(1, { baseMs: 3, random: () => 0 })).toBe(1);
    expect(backoffDelayMs(1, { baseMs: 1_000, random: () => 0.123456 })).toBe(561);
  });

  it('uses Math.random when no random source is given', () => {
    const spy = jest.spyOn(Math, 'random').mockReturnValue(0.5);
    try {
      expect(backoffDelayMs(2)).toBe(1_500);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('TASK_LIMITS', () => {
  it('bounds payload size, priority and attempts', () => {
    expect(TASK_LIMITS).toEqual({ maxPayloadBytes: 65_536, maxPriority: 1000, minPriority: -1000, maxAttempts: 100 });
  });
});
