import { getDMMF } from '@prisma/internals';
import { compareSchema, type DatabaseSnapshot, type Datamodel } from './schema-drift';

const SCHEMA = `
datasource db {
  provider = "postgresql"
}

enum Colour {
  RED   @map("red")
  GREEN
  @@map("colour")
}

model Item {
  id      BigInt   @id @default(autoincrement())
  code    String   @db.VarChar(20)
  price   Decimal
  rate    Decimal  @db.Decimal(10, 2)
  seenAt  DateTime @map("seen_at") @db.Timestamp
  tags    String[]
  colours Colour[]
  a       Int
  b       Int

  @@unique([a, b])
  @@index([b, a])
  @@map("item")
}
`;

/** The database the schema above describes; tests change a copy of it. */
function matchingDatabase(): DatabaseSnapshot {
  const column = (name: string, type: string, nullable = false) => ({
    table: 'item',
    column: name,
    type,
    nullable,
  });
  return {
    schema: 'public',
    tables: ['item', '_prisma_migrations'],
    columns: [
      column('id', 'bigint'),
      column('code', 'character varying(20)'),
      column('price', 'numeric(65,30)'),
      column('rate', 'numeric(10,2)'),
      column('seen_at', 'timestamp without time zone'),
      column('tags', 'text[]', true),
      column('colours', '"colour"[]', true),
      column('a', 'integer'),
      column('b', 'integer'),
    ],
    enums: [{ name: 'colour', values: ['red', 'GREEN'] }],
    indexes: [
      { table: 'item', columns: ['id'], unique: true, primary: true },
      { table: 'item', columns: ['b', 'a'], unique: true, primary: false },
    ],
  };
}

describe('compareSchema', () => {
  let datamodel: Datamodel;
  beforeAll(async () => {
    datamodel = (await getDMMF({ datamodel: SCHEMA })).datamodel;
  });

  it('accepts native types, scalar lists, mapped enums and a unique index in another column order', () => {
    expect(compareSchema(datamodel, matchingDatabase())).toEqual([]);
  });

  it('ignores the order of enum values (new values are appended by ALTER TYPE … ADD VALUE)', () => {
    const db = matchingDatabase();
    db.enums = db.enums.map((e) => ({ ...e, values: [...e.values].reverse() }));
    expect(compareSchema(datamodel, db)).toEqual([]);
  });

  it('compares native type arguments and enum value names', () => {
    const db = matchingDatabase();
    db.columns = db.columns.map((c) => (c.column === 'code' ? { ...c, type: 'character varying(40)' } : c));
    db.enums = [{ name: 'colour', values: ['RED', 'GREEN'] }];
    expect(compareSchema(datamodel, db)).toEqual([
      'enum colour is missing values: red',
      'enum colour has values the schema does not know: RED',
      'column item.code has type character varying(40), schema expects character varying(20)',
    ]);
  });

  it('needs a plain index in the declared column order, which the unique index is not', () => {
    const db = matchingDatabase();
    db.indexes = db.indexes.map((i) => (i.primary ? i : { ...i, columns: ['a', 'b'] }));
    expect(compareSchema(datamodel, db)).toEqual(['index on item(b, a) is missing']);
  });

  it('says so when a native type is not supported instead of passing it', async () => {
    const withInet = SCHEMA.replace('a       Int', 'a       String @db.Inet');
    const db = matchingDatabase();
    db.columns = db.columns.map((c) => (c.column === 'a' ? { ...c, type: 'inet' } : c));
    expect(compareSchema((await getDMMF({ datamodel: withInet })).datamodel, db)).toEqual([
      'column item.a: cannot check type String @db.Inet (not supported by the drift check)',
    ]);
  });
});
