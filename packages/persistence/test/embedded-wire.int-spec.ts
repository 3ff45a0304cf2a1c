import pg from 'pg';
import { servePGliteOverWire } from '../src/index.js';

/**
 * The embedded server must keep each connection's extended-protocol cycle (Parse … Sync) together:
 * node-postgres sends one for every parameterized statement, outside transactions too.
 */
describe(servePGliteOverWire.name, () => {
  it('answers many concurrent parameterized statements from several connections correctly', async () => {
    const url = process.env['PGLITE_URL'];
    if (!url) throw new Error('PGLITE_URL is not set (jest global setup)');
    const pool = new pg.Pool({ connectionString: url, max: 6 });
    try {
      const results = await Promise.all(
        Array.from({ length: 600 }, async (_, i) => {
          // A distinct statement text per query: a swapped unnamed statement shows up as a wrong `k`.
          const { rows } = await pool.query<{ n: number; s: string; k: number }>(`SELECT $1::int * 2 AS n, $2::text AS s, ${i} AS k`, [i, `v${i}`]);
          return rows[0];
        }),
      );
      expect(results).toEqual(Array.from({ length: 600 }, (_, i) => ({ n: i * 2, s: `v${i}`, k: i })));
    } finally {
      await pool.end();
    }
  });
});
