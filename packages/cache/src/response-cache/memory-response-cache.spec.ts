import { MemoryResponseCache } from './memory-response-cache.js';

describe(MemoryResponseCache.name, () => {
  let now = 1_000;
  const clock = (): number => now;

  it('returns what was set until the ttl passes', async () => {
    const sut = new MemoryResponseCache({ now: clock });
    await sut.set('t1', 'k', { a: 1 }, 100, []);
    await expect(sut.get('t1', 'k')).resolves.toEqual({ a: 1 });
    now += 101;
    await expect(sut.get('t1', 'k')).resolves.toBeUndefined();
  });

  it('namespaces keys and tags by tenant', async () => {
    const sut = new MemoryResponseCache({ now: clock });
    await sut.set('t1', 'k', 'one', 1000, ['loop']);
    await sut.set('t2', 'k', 'two', 1000, ['loop']);
    await expect(sut.get('t2', 'k')).resolves.toBe('two');
    await expect(sut.invalidateTags('t1', ['loop'])).resolves.toBe(1);
    await expect(sut.get('t1', 'k')).resolves.toBeUndefined();
    await expect(sut.get('t2', 'k')).resolves.toBe('two');
  });

  it('invalidates every entry carrying a tag', async () => {
    const sut = new MemoryResponseCache({ now: clock });
    await sut.set('t', 'a', 1, 1000, ['loop:1', 'loop']);
    await sut.set('t', 'b', 2, 1000, ['loop']);
    await sut.set('t', 'c', 3, 1000, ['task']);
    await expect(sut.invalidateTags('t', ['loop'])).resolves.toBe(2);
    await expect(sut.get('t', 'a')).resolves.toBeUndefined();
    await expect(sut.get('t', 'c')).resolves.toBe(3);
  });

  it('evicts the least recently used entry beyond its bound', async () => {
    const sut = new MemoryResponseCache({ now: clock, maxEntries: 2 });
    await sut.set('t', 'a', 1, 1000, []);
    await sut.set('t', 'b', 2, 1000, []);
    await sut.get('t', 'a');
    await sut.set('t', 'c', 3, 1000, []);
    expect(sut.size).toBe(2);
    await expect(sut.get('t', 'b')).resolves.toBeUndefined();
    await expect(sut.get('t', 'a')).resolves.toBe(1);
  });
});
