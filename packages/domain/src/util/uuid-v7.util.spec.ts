import { isUuid, uuidv7 } from './uuid-v7.util.js';

/** The 48-bit millisecond timestamp in the first 12 hex digits of a UUIDv7. */
const embeddedMs = (id: string): number => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

// The generator keeps module state (last millisecond, counter). Each test passes its own instant, at
// least a second after the previous test's; only the default-clock test calls it without one, on an
// isolated copy of the module.
const T0 = Date.UTC(2024, 0, 1, 0, 0, 0, 123);

describe(uuidv7.name, () => {
  it('formats a lowercase 8-4-4-4-12 UUID', () => {
    expect(uuidv7(T0)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('sets the version nibble to 7 and the RFC 9562 variant bits to 10', () => {
    for (let i = 0; i < 200; i++) {
      const hex = uuidv7(T0 + 1_000 + i).replace(/-/g, '');
      expect(hex[12]).toBe('7');
      expect(parseInt(hex[16] ?? '', 16) >> 2).toBe(0b10);
    }
  });

  it('embeds the given Unix millisecond timestamp in the first 48 bits', () => {
    const t = T0 + 2_000;
    const id = uuidv7(t);
    expect(embeddedMs(id)).toBe(t);
    expect(id.replace(/-/g, '').slice(0, 12)).toBe(t.toString(16).padStart(12, '0'));
  });

  it('uses the current time by default', async () => {
    // A fresh copy of the module, so the other tests' instants cannot leak into this one (or back).
    await jest.isolateModulesAsync(async () => {
      const fresh = await import('./uuid-v7.util.js');
      const before = Date.now();
      const id = fresh.uuidv7();
      const after = Date.now();
      expect(embeddedMs(id)).toBeGreaterThanOrEqual(before);
      expect(embeddedMs(id)).toBeLessThanOrEqual(after);
      expect(fresh.isUuid(id)).toBe(true);
    });
  });

  it('is strictly increasing across 10,000 calls in the same millisecond', () => {
    const t = T0 + 3_000;
    const ids = Array.from({ length: 10_000 }, () => uuidv7(t));
    for (let i = 1; i < ids.length; i++) {
      expect(ids[i]! > ids[i - 1]!).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
    // When the 12-bit counter runs out the timestamp moves ahead, by a few milliseconds at most.
    expect(embeddedMs(ids[0]!)).toBe(t);
    expect(embeddedMs(ids[ids.length - 1]!)).toBeLessThanOrEqual(t + 2);
  });

  it('stays increasing when the clock goes backwards', () => {
    const t = T0 + 10_000;
    const first = uuidv7(t);
    const second = uuidv7(t - 5_000);
    expect(second > first).toBe(true);
    expect(embeddedMs(second)).toBe(t);
  });

  it('sorts by creation time across milliseconds', () => {
    const a = uuidv7(T0 + 20_000);
    const b = uuidv7(T0 + 20_001);
    const c = uuidv7(T0 + 30_000);
    expect([c, a, b].sort()).toEqual([a, b, c]);
  });

  it('produces ids isUuid accepts', () => {
    expect(isUuid(uuidv7(T0 + 40_000))).toBe(true);
  });
});

describe(isUuid.name, () => {
  it.each([
    ['a v7 id', '01890a5d-ac96-774b-bcce-b302099a8057'],
    ['a v4 id', '123e4567-e89b-42d3-a456-426614174000'],
    ['a v1 id', 'c232ab00-9414-11ec-b3c8-9f6bdeced846'],
    ['a v8 id', '320c3d4d-cc00-875b-8ec9-32d5f69181c0'],
    ['uppercase hex', '01890A5D-AC96-774B-BCCE-B302099A8057'],
    // PostgreSQL's uuid type accepts any version and variant; so does isUuid (the platform id is all zeros).
    ['the platform nil id', '00000000-0000-0000-0000-000000000000'],
    ['version 0', '01890a5d-ac96-074b-bcce-b302099a8057'],
    ['version 9', '01890a5d-ac96-974b-bcce-b302099a8057'],
    ['variant 0xxx', '01890a5d-ac96-774b-7cce-b302099a8057'],
  ])('accepts %s', (_label, value) => {
    expect(isUuid(value)).toBe(true);
  });

  it.each([
    ['no dashes', '01890a5dac96774bbcceb302099a8057'],
    ['braces', '{01890a5d-ac96-774b-bcce-b302099a8057}'],
    ['a trailing character', '01890a5d-ac96-774b-bcce-b302099a8057x'],
    ['a non-hex digit', '01890a5d-ac96-774b-bcce-b302099a805g'],
    ['a short last group', '01890a5d-ac96-774b-bcce-b302099a805'],
    ['the empty string', ''],
  ])('rejects %s', (_label, value) => {
    expect(isUuid(value)).toBe(false);
  });

  it.each([[null], [undefined], [42], [{}], [['01890a5d-ac96-774b-bcce-b302099a8057']]])('rejects the non-string %p', (value) => {
    expect(isUuid(value)).toBe(false);
  });
});
