import { Client } from 'pg';

/**
 * `npm run audit:verify`: walks every stream of the audit trail's hash chain (prisma/migrations/
 * 20261207010000_append_only_audit) in a read-only snapshot and checks each link: positions 1, 2, 3, ... without
 * a gap, each prev_hash the previous event's hash (64 zeros first), each hash what the database's own
 * audit_event_hash(row) gives for the row as it is now (the one definition of the hash, also used by the insert
 * trigger), and each event in the stream its project or event key puts it in. Prints every stream's event count
 * and head hash (an operator records them elsewhere: a chain rewritten from some point on, or cut at its end,
 * is only caught by comparing heads) and stops at the first broken link.
 *
 *   DATABASE_URL=postgresql://... npm run audit:verify
 *
 * Exit codes: 0 every link holds, 1 a broken link (printed), 2 the check could not run (connection, schema).
 */

export const GENESIS = '0'.repeat(64);

export interface StreamHead {
  stream: string;
  events: number;
  head: string;
}

export interface BrokenLink {
  stream: string;
  position: number;
  eventId: string;
  /** Which part of the link is wrong: position (an event is missing), prev_hash, hash (the row was changed), stream. */
  field: 'position' | 'prev_hash' | 'hash' | 'stream';
  expected: string;
  found: string;
}

export interface Verification {
  streams: StreamHead[];
  events: number;
  broken: BrokenLink | null;
}

interface LinkRow {
  id: string;
  stream: string;
  position: number;
  prev_hash: string;
  hash: string;
  recomputed: string;
  derived: string;
}

const PAGE = 5_000;

/** Checks the chain through `client`; `onStream` hears each stream once it is fully checked. */
export async function verifyAuditChain(
  client: Client,
  onStream: (head: StreamHead) => void = () => undefined,
): Promise<Verification> {
  const streams: StreamHead[] = [];
  let events = 0;
  let current = null as StreamHead | null;
  const finish = () => {
    if (current) {
      streams.push(current);
      onStream(current);
    }
  };
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    let after: [string, number] = ['', 0];
    for (;;) {
      const { rows } = await client.query<LinkRow>(
        `SELECT e.id::text AS id, e.stream, e.position, e.prev_hash, e.hash,
                audit_event_hash(e) AS recomputed, audit_event_stream(e.project_id, e.event_key) AS derived
           FROM audit_event AS e
          WHERE (e.stream, e.position) > ($1::text, $2::integer)
          ORDER BY e.stream, e.position
          LIMIT ${PAGE}`,
        after,
      );
      for (const row of rows) {
        if (current?.stream !== row.stream) {
          finish();
          current = { stream: row.stream, events: 0, head: GENESIS };
        }
        const link = (field: BrokenLink['field'], expected: string, found: string): Verification => ({
          streams,
          events,
          broken: { stream: row.stream, position: row.position, eventId: row.id, field, expected, found },
        });
        if (row.position !== current.events + 1)
          return link('position', String(current.events + 1), String(row.position));
        if (row.prev_hash !== current.head) return link('prev_hash', current.head, row.prev_hash);
        if (row.hash !== row.recomputed) return link('hash', row.recomputed, row.hash);
        if (row.stream !== row.derived) return link('stream', row.derived, row.stream);
        current.events += 1;
        current.head = row.hash;
        events += 1;
      }
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1]!;
      after = [last.stream, last.position];
    }
    finish();
    return { streams, events, broken: null };
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}

async function main(): Promise<number> {
  // The same variable and default as the apps (libs/config) and the other operator scripts.
  const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/gotong';
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await verifyAuditChain(client, (s) =>
      console.log(`[audit:verify] stream ${s.stream}: ${s.events} events, head ${s.head}`),
    );
    if (result.broken) {
      const b = result.broken;
      console.log(
        `[audit:verify] BROKEN LINK in stream ${b.stream} at position ${b.position} (event ${b.eventId}): ` +
          `${b.field} expected ${b.expected}, found ${b.found}`,
      );
      console.log(
        `[audit:verify] FAILED: ${result.events} events held before it (${result.streams.length} streams complete)`,
      );
      return 1;
    }
    console.log(
      `[audit:verify] OK: ${result.streams.length} streams, ${result.events} events, every link holds ` +
        `(database ${decodeURIComponent(new URL(databaseUrl).pathname.slice(1))})`,
    );
    return 0;
  } finally {
    await client.end();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(
        `[audit:verify] could not verify: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(2);
    },
  );
}
