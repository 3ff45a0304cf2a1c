import type { DataSource } from 'typeorm';

/** One disagreement between the entities and the migrated catalog. */
export interface SchemaDifference {
  readonly table: string;
  readonly problem: string;
}

interface CatalogColumn {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
}

const TYPE_ALIASES: Record<string, string> = {
  timestamptz: 'timestamp with time zone',
  'timestamp with time zone': 'timestamp with time zone',
  int: 'integer',
  int4: 'integer',
  integer: 'integer',
  int8: 'bigint',
  bigint: 'bigint',
  float8: 'double precision',
  'double precision': 'double precision',
  bool: 'boolean',
  boolean: 'boolean',
  uuid: 'uuid',
  text: 'text',
  jsonb: 'jsonb',
};

/**
 * Compares every entity's table, columns (type, array-ness, nullability), primary key (columns,
 * order and constraint name) and named indexes/unique constraints with what the migrations built.
 * An empty result means entities and migrations agree. Used by tests, CI and the restore drill.
 */
export async function checkSchemaDrift(dataSource: DataSource): Promise<SchemaDifference[]> {
  const diffs: SchemaDifference[] = [];
  const columns: CatalogColumn[] = await dataSource.query(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  const pks: Array<{ table: string; name: string; cols: string[] }> = await dataSource.query(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name,
            array_agg(a.attname ORDER BY k.ord)::text[] AS cols
       FROM pg_constraint c
       CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
      WHERE c.contype = 'p' AND c.connamespace = 'public'::regnamespace
      GROUP BY c.conrelid, c.conname`,
  );
  const indexRows: Array<{ indexname: string }> = await dataSource.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`);
  const indexNames = new Set(indexRows.map((r) => r.indexname));

  for (const meta of dataSource.entityMetadatas) {
    const table = meta.tableName;
    const dbCols = new Map(columns.filter((c) => c.table_name === table).map((c) => [c.column_name, c]));
    if (dbCols.size === 0) {
      diffs.push({ table, problem: 'table is missing' });
      continue;
    }
    const entityCols = new Set<string>();
    for (const col of meta.columns) {
      entityCols.add(col.databaseName);
      const db = dbCols.get(col.databaseName);
      if (!db) {
        diffs.push({ table, problem: `column ${col.databaseName} is missing` });
        continue;
      }
      const declared = typeof col.type === 'string' ? col.type : String(col.type);
      const want = TYPE_ALIASES[declared] ?? declared;
      const isArray = db.data_type === 'ARRAY';
      const have = isArray ? (TYPE_ALIASES[db.udt_name.replace(/^_/, '')] ?? db.udt_name) : db.data_type;
      if (want !== have) diffs.push({ table, problem: `column ${col.databaseName} is ${have}${isArray ? '[]' : ''}, entity says ${want}` });
      if (Boolean(col.isArray) !== isArray) diffs.push({ table, problem: `column ${col.databaseName} array-ness differs` });
      if (col.isNullable !== (db.is_nullable === 'YES')) diffs.push({ table, problem: `column ${col.databaseName} nullability differs` });
    }
    for (const name of dbCols.keys()) if (!entityCols.has(name)) diffs.push({ table, problem: `column ${name} has no entity field` });

    const pk = pks.find((p) => p.table === table || p.table === `"${table}"`);
    const entityPk = meta.primaryColumns.map((c) => c.databaseName);
    if (!pk) diffs.push({ table, problem: 'primary key is missing' });
    else {
      if (pk.cols.join(',') !== entityPk.join(',')) diffs.push({ table, problem: `primary key is (${pk.cols.join(', ')}), entity says (${entityPk.join(', ')})` });
      const pkName = meta.primaryColumns[0]?.primaryKeyConstraintName;
      if (pkName && pk.name !== pkName) diffs.push({ table, problem: `primary key is named ${pk.name}, entity says ${pkName}` });
    }
    for (const idx of [...meta.indices, ...meta.uniques]) {
      if (idx.givenName && !indexNames.has(idx.givenName)) diffs.push({ table, problem: `index ${idx.givenName} is missing` });
    }
  }
  return diffs;
}
