import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_POLICY_DATA } from '../src/policy-data.util.js';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

describe('README role × action matrix', () => {
  const lines = readme.split('\n').filter((line) => line.startsWith('| '));
  const header = (lines[0] ?? '').split('|').map((c) => c.trim());
  const roles = header.slice(3, -1);
  const rows = lines.slice(2).map((line) => line.split('|').map((c) => c.trim()));

  it('has one column per role of data.json', () => {
    expect([...roles].sort()).toEqual(Object.keys(DEFAULT_POLICY_DATA.roles).sort());
  });

  it('matches data.json cell by cell', () => {
    const table = new Map(rows.map((cells) => [(cells[1] ?? '').replace(/`/g, ''), cells] as const));
    expect([...table.keys()].sort()).toEqual([...DEFAULT_POLICY_DATA.actions].sort());
    for (const [action, cells] of table) {
      roles.forEach((role, i) => {
        const shown = (cells[i + 3] ?? '').startsWith('✓');
        const granted = DEFAULT_POLICY_DATA.roles[role]?.includes(action) ?? false;
        expect({ action, role, shown }).toEqual({ action, role, shown: granted });
      });
      const governance = DEFAULT_POLICY_DATA.governanceActions.includes(action);
      expect({ action, governance: (cells[2] ?? '').includes('governance') }).toEqual({ action, governance });
    }
  });
});
