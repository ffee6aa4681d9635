import { readFile } from 'node:fs/promises';
import { getDMMF } from '@prisma/internals';
import { Client } from 'pg';

/**
 * Compares prisma/schema.prisma with a live PostgreSQL database, without
 * Prisma's native schema engine (`prisma migrate diff` needs it; it cannot be
 * downloaded here). The datamodel comes from the WASM `getDMMF`, the database
 * side from pg_catalog. Checked: tables, columns (name, type, nullability),
 * enums and their values, primary keys, unique and plain indexes, and tables
 * the schema does not know. Not checked: defaults, foreign keys, index names.
 * `@ignore`d fields and `@@ignore`d models are absent from the DMMF, so an
 * ignored model's table is reported as unknown.
 */

export type Datamodel = Awaited<ReturnType<typeof getDMMF>>['datamodel'];
type Field = Datamodel['models'][number]['fields'][number];

/** What the comparison needs from the database: the objects of its current schema. */
export interface DatabaseSnapshot {
  schema: string;
  tables: string[];
  /** `type` is format_type() output, except enums: `"EnumName"` (always quoted), `"EnumName"[]` for arrays. */
  columns: { table: string; column: string; type: string; nullable: boolean }[];
  enums: { name: string; values: string[] }[];
  /** Valid, non-partial, non-expression indexes; `columns` are the key columns in index order. */
  indexes: { table: string; columns: string[]; unique: boolean; primary: boolean }[];
}

/** Differences between the schema file and the database; empty when they agree. */
export async function findSchemaDrift(databaseUrl: string, schemaPath: string): Promise<string[]> {
  const { datamodel } = await getDMMF({ datamodel: await readFile(schemaPath, 'utf8') });
  return compareSchema(datamodel, await readDatabaseSnapshot(databaseUrl));
}

export async function readDatabaseSnapshot(databaseUrl: string): Promise<DatabaseSnapshot> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const current = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
    const schema = current.rows[0]?.schema;
    if (!schema) throw new Error('the database has no current schema (check search_path)');
    const tables = await client.query<{ table: string }>(
      `SELECT c.relname AS "table" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
      [schema],
    );
    const columns = await client.query<DatabaseSnapshot['columns'][number]>(
      `SELECT c.relname AS "table", a.attname AS "column", NOT a.attnotnull AS nullable,
              CASE WHEN t.typtype = 'e' THEN '"' || t.typname || '"'
                   WHEN el.typtype = 'e' THEN '"' || el.typname || '"[]'
                   ELSE format_type(a.atttypid, a.atttypmod) END AS type
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_type el ON el.oid = t.typelem AND t.typcategory = 'A'
       WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
      [schema],
    );
    const enums = await client.query<DatabaseSnapshot['enums'][number]>(
      `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = $1 GROUP BY t.typname`,
      [schema],
    );
    const indexes = await client.query<DatabaseSnapshot['indexes'][number]>(
      `SELECT c.relname AS "table", i.indisunique AS unique, i.indisprimary AS primary,
              ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                    WHERE k.ord <= i.indnkeyatts ORDER BY k.ord)::text[] AS columns
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL`,
      [schema],
    );
    return {
      schema,
      tables: tables.rows.map((r) => r.table),
      columns: columns.rows,
      enums: enums.rows,
      indexes: indexes.rows,
    };
  } finally {
    await client.end();
  }
}

/** Pure comparison of a datamodel with a database snapshot. */
export function compareSchema(datamodel: Datamodel, db: DatabaseSnapshot): string[] {
  const drift: string[] = [];
  const enumDbNames = new Map(datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const dbEnums = new Map(db.enums.map((e) => [e.name, e.values]));
  for (const e of datamodel.enums) {
    const name = e.dbName ?? e.name;
    // Compared as sets: Prisma's own diff appends new values (ALTER TYPE … ADD VALUE), so the order in
    // the database may differ from the order in schema.prisma without any drift.
    const expected = e.values.map((v) => v.dbName ?? v.name);
    const actual = dbEnums.get(name);
    if (actual === undefined) {
      drift.push(`enum ${name} is missing`);
      continue;
    }
    const missing = expected.filter((v) => !actual.includes(v));
    const extra = actual.filter((v) => !expected.includes(v));
    if (missing.length > 0) drift.push(`enum ${name} is missing values: ${missing.join(', ')}`);
    if (extra.length > 0) drift.push(`enum ${name} has values the schema does not know: ${extra.join(', ')}`);
  }

  const modelTables = new Set<string>();
  for (const model of datamodel.models) {
    const table = model.dbName ?? model.name;
    modelTables.add(table);
    if (model.schema && model.schema !== db.schema) {
      drift.push(`model ${model.name} is in schema ${model.schema}; the drift check only reads ${db.schema}`);
      continue;
    }
    if (!db.tables.includes(table)) {
      drift.push(`table ${table} is missing (model ${model.name})`);
      continue;
    }
    const columns = new Map(db.columns.filter((c) => c.table === table).map((c) => [c.column, c]));
    const columnNames = new Map<string, string>();
    for (const field of model.fields) {
      if (field.kind === 'object') continue;
      const name = field.dbName ?? field.name;
      columnNames.set(field.name, name);
      const column = columns.get(name);
      if (!column) {
        drift.push(`column ${table}.${name} is missing (${model.name}.${field.name})`);
        continue;
      }
      // Scalar lists are always required in Prisma; Prisma's own DDL leaves the array column nullable.
      if (!field.isList && column.nullable === field.isRequired) {
        drift.push(
          `column ${table}.${name} is ${column.nullable ? 'nullable' : 'NOT NULL'}, ` +
            `schema expects ${field.isRequired ? 'NOT NULL' : 'nullable'}`,
        );
      }
      const expected = expectedColumnType(field, enumDbNames);
      if (expected === undefined) {
        drift.push(
          `column ${table}.${name}: cannot check type ${describeType(field)} (not supported by the drift check)`,
        );
      } else if (column.type !== expected) {
        drift.push(`column ${table}.${name} has type ${column.type}, schema expects ${expected}`);
      }
    }

    const tableIndexes = db.indexes.filter((i) => i.table === table);
    for (const index of datamodel.indexes.filter((i) => i.model === model.name)) {
      const wanted = index.fields.map((f) => columnNames.get(f.name) ?? f.name);
      const on = `${table}(${wanted.join(', ')})`;
      // Uniqueness does not depend on column order; lookups through a plain index do.
      const sameSet = (got: string[]) => got.length === wanted.length && wanted.every((c) => got.includes(c));
      const demand = (what: string, found: (i: (typeof tableIndexes)[number]) => boolean) => {
        if (!tableIndexes.some(found)) drift.push(`${what} on ${on} is missing`);
      };
      if (index.type === 'id') demand('primary key', (i) => i.primary && sameSet(i.columns));
      else if (index.type === 'unique') demand('unique index', (i) => i.unique && sameSet(i.columns));
      else if (index.type === 'normal') demand('index', (i) => i.columns.join() === wanted.join());
      else drift.push(`${index.type} index on ${on}: not supported by the drift check`);
    }
  }

  for (const table of db.tables) {
    if (!modelTables.has(table) && table !== '_prisma_migrations') {
      drift.push(`table ${table} is in the database but not in the schema`);
    }
  }
  return drift;
}

/** Column types Prisma's PostgreSQL DDL produces, as format_type() prints them. */
const DEFAULT_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Bytes: 'bytea',
};

const args = (a: readonly string[]) => (a.length > 0 ? `(${a.join(',')})` : '');

const NATIVE_TYPES: Record<string, (a: readonly string[]) => string> = {
  Text: () => 'text',
  Uuid: () => 'uuid',
  VarChar: (a) => `character varying${args(a)}`,
  Char: (a) => `character${args(a.length > 0 ? a : ['1'])}`,
  SmallInt: () => 'smallint',
  Integer: () => 'integer',
  BigInt: () => 'bigint',
  Real: () => 'real',
  DoublePrecision: () => 'double precision',
  Decimal: (a) => `numeric${args(a)}`,
  Boolean: () => 'boolean',
  Timestamp: (a) => `timestamp${args(a)} without time zone`,
  Timestamptz: (a) => `timestamp${args(a)} with time zone`,
  Date: () => 'date',
  Time: (a) => `time${args(a)} without time zone`,
  Timetz: (a) => `time${args(a)} with time zone`,
  Json: () => 'json',
  JsonB: () => 'jsonb',
  ByteA: () => 'bytea',
};

/** The type the column should have, in snapshot notation; undefined when the drift check cannot tell. */
function expectedColumnType(field: Field, enumDbNames: ReadonlyMap<string, string>): string | undefined {
  let base: string | undefined;
  if (field.kind === 'enum') {
    const name = enumDbNames.get(field.type);
    base = name === undefined ? undefined : `"${name}"`;
  } else if (field.nativeType) {
    base = NATIVE_TYPES[field.nativeType[0]]?.(field.nativeType[1]);
  } else {
    base = DEFAULT_TYPES[field.type];
  }
  return base === undefined ? undefined : `${base}${field.isList ? '[]' : ''}`;
}

function describeType(field: Field): string {
  const native = field.nativeType ? ` @db.${field.nativeType[0]}${args(field.nativeType[1])}` : '';
  return `${field.type}${field.isList ? '[]' : ''}${native}`;
}
