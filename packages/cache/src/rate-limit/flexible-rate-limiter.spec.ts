import { FlexibleRateLimiter } from './flexible-rate-limiter.js';

describe(FlexibleRateLimiter.name, () => {
  it('allows the budget, then refuses with a retry delay (memory path)', async () => {
    const sut = new FlexibleRateLimiter({ budgets: { governance: { points: 2, durationSec: 60 } } });
    const first = await sut.consume('governance', 't1', 'alice');
    expect(first).toMatchObject({ allowed: true, limit: 2, remaining: 1, retryAfterMs: 0 });
    await sut.consume('governance', 't1', 'alice');
    const third = await sut.consume('governance', 't1', 'alice');
    expect(third.allowed).toBe(false);
    expect(third.retryAfterMs).toBeGreaterThan(0);
    expect(third.remaining).toBe(0);
  });

  it('keeps separate budgets per tenant, subject and group', async () => {
    const sut = new FlexibleRateLimiter({ budgets: { default: { points: 1, durationSec: 60 }, governance: { points: 1, durationSec: 60 } } });
    expect((await sut.consume('default', 't1', 'a')).allowed).toBe(true);
    expect((await sut.consume('default', 't1', 'a')).allowed).toBe(false);
    expect((await sut.consume('default', 't2', 'a')).allowed).toBe(true);
    expect((await sut.consume('default', 't1', 'b')).allowed).toBe(true);
    expect((await sut.consume('governance', 't1', 'a')).allowed).toBe(true);
  });

  it('uses the default budget for an unknown group, and governance is stricter by default', () => {
    const sut = new FlexibleRateLimiter();
    expect(sut.budget('other')).toEqual(sut.budget('default'));
    expect(sut.budget('governance').points).toBeLessThan(sut.budget('default').points);
  });
});
