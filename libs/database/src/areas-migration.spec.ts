import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase, migrate } from './migrator';

/**
 * The migration that moves stored kecamatan codes from the old seed's BPS order to the Kepmendagri 2025 codes
 * (prisma/migrations/20261206150000_areas_kemendagri_codes): a scratch database is migrated up to the migration
 * before it, given rows that use the old codes everywhere codes are stored, then migrated to the end.
 */

const PROJECT_MIGRATIONS = join(__dirname, '../../../prisma/migrations');
const AREAS_MIGRATION = '20261206150000_areas_kemendagri_codes';
const url = (() => {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set: run through `npm run jest`');
  const u = new URL(base);
  u.pathname = `/gotong_areas_migration_${randomBytes(4).toString('hex')}`;
  return u.toString();
})();
let folder: string;

/** Rows written the way the old seed numbered the kecamatan: Tiris 35.13.08, Krucil 35.13.09, Sumberasih 35.13.24. */
const OLD_ROWS = `
INSERT INTO agency (id, code, name, kind, area_code) VALUES
  ('00000000-0000-4000-8000-000000000001', 'KEC-TIRIS', 'Kecamatan Tiris', 'KECAMATAN', '35.13.08'),
  ('00000000-0000-4000-8000-000000000002', 'KEC-KRUCIL', 'Kecamatan Krucil', 'KECAMATAN', '35.13.09'),
  ('00000000-0000-4000-8000-000000000003', 'KEC-BANYUANYAR', 'Kecamatan Banyuanyar', 'KECAMATAN', '35.13.07'),
  ('00000000-0000-4000-8000-000000000004', 'KEC-TONGAS', 'Kecamatan Tongas', 'KECAMATAN', '35.13.23'),
  ('00000000-0000-4000-8000-000000000005', 'DINKES', 'Dinas Kesehatan', 'DINAS', NULL);
INSERT INTO app_user (id, username, full_name, password_hash, role, agency_id) VALUES
  ('00000000-0000-4000-8000-000000000010', 'u', 'U', 'x', 'STAFF', '00000000-0000-4000-8000-000000000005');
INSERT INTO joint_project (id, workflow_id, title, lead_user_id, lead_agency_id, parameters, steps) VALUES
  ('00000000-0000-4000-8000-000000000020', 'wf-p', 'P', '00000000-0000-4000-8000-000000000010', '00000000-0000-4000-8000-000000000005',
   '{"kecamatan": "35.13.08", "tahun": "2026"}',
   '[{"key": "s", "form": {"fields": [{"key": "f", "perArea": "desa", "areas": ["35.13.08.2001", "35.13.09.2001", "35.13.23.2008"]}]}}]');
INSERT INTO task (id, project_id, workflow_id, agency_id, title, due_at, form) VALUES
  ('00000000-0000-4000-8000-000000000030', '00000000-0000-4000-8000-000000000020', 'wf-t', '00000000-0000-4000-8000-000000000005', 'T', now(),
   '{"fields": [{"key": "f", "perArea": "desa", "areas": ["35.13.08.2001", "35.13.09.2001"]}]}');
INSERT INTO contribution (id, task_id, version, values, submitted_by_id, submitted_at) VALUES
  ('00000000-0000-4000-8000-000000000040', '00000000-0000-4000-8000-000000000030', 1,
   '{"f": {"35.13.08.2001": 3, "35.13.09.2001": 4}, "note": "35.13.08 Tiris"}', '00000000-0000-4000-8000-000000000010', now());
INSERT INTO contribution_value (id, contribution_id, agency_id, field_key, area_code, number_value) VALUES
  ('00000000-0000-4000-8000-000000000041', '00000000-0000-4000-8000-000000000040', '00000000-0000-4000-8000-000000000005', 'f', '35.13.08.2001', 3),
  ('00000000-0000-4000-8000-000000000042', '00000000-0000-4000-8000-000000000040', '00000000-0000-4000-8000-000000000005', 'f', '35.13.09.2001', 4);
INSERT INTO incident (id, project_id, workflow_id, type, severity, status, title, affected_kecamatan, affected_desa, declared_by_id, declared_at, summary) VALUES
  ('00000000-0000-4000-8000-000000000050', '00000000-0000-4000-8000-000000000020', 'wf-i', 'BANJIR', 'SEDANG', 'TANGGAP_DARURAT', 'I',
   '{35.13.08,35.13.23}', '{35.13.08.2001,35.13.23.2008}', '00000000-0000-4000-8000-000000000010', now(),
   '{"rollUp": {"kecamatan": {"35.13.08": {"terdampak": 3}, "35.13.09": {"terdampak": 4}}}}');
INSERT INTO data_request (id, project_id, title, period, areas, indicators, requested_by_id) VALUES
  ('00000000-0000-4000-8000-000000000060', '00000000-0000-4000-8000-000000000020', 'R', '2026', '{35.13.08,35.13.08.2001,35.13.24.2003}', '[]', '00000000-0000-4000-8000-000000000010');
INSERT INTO data_value (id, indicator_code, indicator_version, area_code, period, value, agency_id, source, contribution_id, task_id, project_id, submitted_by_id, submitted_at, verified_at) VALUES
  ('00000000-0000-4000-8000-000000000070', 'IND', 1, '35.13.08.2001', '2026', 3, '00000000-0000-4000-8000-000000000005', 'DATA_REQUEST', '00000000-0000-4000-8000-000000000040', '00000000-0000-4000-8000-000000000030', '00000000-0000-4000-8000-000000000020', '00000000-0000-4000-8000-000000000010', now(), now()),
  ('00000000-0000-4000-8000-000000000071', 'IND', 1, '35.13.09.2001', '2026', 4, '00000000-0000-4000-8000-000000000005', 'DATA_REQUEST', '00000000-0000-4000-8000-000000000040', '00000000-0000-4000-8000-000000000030', '00000000-0000-4000-8000-000000000020', '00000000-0000-4000-8000-000000000010', now(), now());
INSERT INTO published_figure (indicator_code, indicator_version, area_code, period, value, basis, value_ids, published_at) VALUES
  ('IND', 1, '35.13.08.2001', '2026', 3, 'SINGLE', '{}', now()),
  ('IND', 1, '35.13.09.2001', '2026', 4, 'SINGLE', '{}', now()),
  ('IND', 1, '35.13', '2026', 7, 'SINGLE', '{}', now());
INSERT INTO data_conflict (id, indicator_code, area_code, period, open_key, opened_at) VALUES
  ('00000000-0000-4000-8000-000000000080', 'IND', '35.13.08.2001', '2026', 'IND|35.13.08.2001|2026|', now()),
  ('00000000-0000-4000-8000-000000000081', 'IND', '35.13.09.2001', '2026', 'IND|35.13.09.2001|2026|', now());
INSERT INTO data_confirmation (task_id, cell, reason, user_id) VALUES
  ('00000000-0000-4000-8000-000000000030', 'f.35.13.08.2001', 'a', '00000000-0000-4000-8000-000000000010'),
  ('00000000-0000-4000-8000-000000000030', 'f.35.13.09.2001', 'b', '00000000-0000-4000-8000-000000000010'),
  ('00000000-0000-4000-8000-000000000030', 'g', 'c', '00000000-0000-4000-8000-000000000010');
`;

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await ensureDatabase(url);
  folder = await mkdtemp(join(tmpdir(), 'gotong-areas-migration-'));
  await writeFile(join(folder, 'migration_lock.toml'), 'provider = "postgresql"\n');
  const names = (await readdir(PROJECT_MIGRATIONS, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && e.name < AREAS_MIGRATION)
    .map((e) => e.name);
  for (const name of names) {
    await cp(join(PROJECT_MIGRATIONS, name), join(folder, name), { recursive: true });
  }
  await migrate(url, folder);
  await query(OLD_ROWS);
  await cp(join(PROJECT_MIGRATIONS, AREAS_MIGRATION), join(folder, AREAS_MIGRATION), { recursive: true });
  const result = await migrate(url, folder);
  expect(result.applied).toEqual([AREAS_MIGRATION]);
});

afterAll(async () => {
  await dropDatabase(url);
  await rm(folder, { recursive: true, force: true });
});

describe('migration 20261206150000_areas_kemendagri_codes', () => {
  it('gives the kecamatan offices their decree codes by name, even where two swap codes', async () => {
    const rows = await query(`SELECT code, area_code FROM agency WHERE kind = 'KECAMATAN' ORDER BY code`);
    expect(rows).toEqual([
      { code: 'KEC-BANYUANYAR', area_code: '35.13.06' },
      { code: 'KEC-KRUCIL', area_code: '35.13.08' },
      { code: 'KEC-TIRIS', area_code: '35.13.07' },
      { code: 'KEC-TONGAS', area_code: '35.13.23' },
    ]);
  });

  it('rewrites project parameters, step forms, task forms and contribution values (keys too), leaving other text', async () => {
    const [project] = await query(`SELECT parameters, steps FROM joint_project`);
    expect(project!['parameters']).toEqual({ kecamatan: '35.13.07', tahun: '2026' });
    expect(project!['steps']).toEqual([
      {
        key: 's',
        form: {
          fields: [{ key: 'f', perArea: 'desa', areas: ['35.13.07.2001', '35.13.08.2001', '35.13.23.2008'] }],
        },
      },
    ]);
    const [task] = await query(`SELECT form FROM task`);
    expect(task!['form']).toEqual({
      fields: [{ key: 'f', perArea: 'desa', areas: ['35.13.07.2001', '35.13.08.2001'] }],
    });
    const [contribution] = await query(`SELECT values FROM contribution`);
    expect(contribution!['values']).toEqual({
      f: { '35.13.07.2001': 3, '35.13.08.2001': 4 },
      note: '35.13.08 Tiris',
    });
  });

  it('rewrites incidents (kecamatan, desa, summary) and data requests', async () => {
    const [incident] = await query(`SELECT affected_kecamatan, affected_desa, summary FROM incident`);
    expect(incident).toEqual({
      affected_kecamatan: ['35.13.07', '35.13.23'],
      affected_desa: ['35.13.07.2001', '35.13.23.2008'],
      summary: { rollUp: { kecamatan: { '35.13.07': { terdampak: 3 }, '35.13.08': { terdampak: 4 } } } },
    });
    const [request] = await query(`SELECT areas FROM data_request`);
    expect(request!['areas']).toEqual(['35.13.07', '35.13.07.2001', '35.13.21.2003']);
  });

  it('moves keyed rows (typed values, data values, figures, conflicts, confirmations) without collisions', async () => {
    const codes = async (sql: string) => (await query(sql)).map((r) => Object.values(r).join('|'));
    expect(await codes(`SELECT area_code, number_value::int FROM contribution_value ORDER BY 1`)).toEqual([
      '35.13.07.2001|3',
      '35.13.08.2001|4',
    ]);
    expect(await codes(`SELECT area_code, value::int FROM data_value ORDER BY 1`)).toEqual([
      '35.13.07.2001|3',
      '35.13.08.2001|4',
    ]);
    expect(await codes(`SELECT area_code, value::int FROM published_figure ORDER BY 1`)).toEqual([
      '35.13|7',
      '35.13.07.2001|3',
      '35.13.08.2001|4',
    ]);
    expect(await codes(`SELECT area_code, open_key FROM data_conflict ORDER BY 1`)).toEqual([
      '35.13.07.2001|IND|35.13.07.2001|2026|',
      '35.13.08.2001|IND|35.13.08.2001|2026|',
    ]);
    expect(await codes(`SELECT cell, reason FROM data_confirmation ORDER BY 1`)).toEqual([
      'f.35.13.07.2001|a',
      'f.35.13.08.2001|b',
      'g|c',
    ]);
  });

  it('creates the empty area table and leaves no helper behind', async () => {
    expect(await query(`SELECT count(*)::int AS n FROM area`)).toEqual([{ n: 0 }]);
    expect(
      await query(
        `SELECT proname FROM pg_proc WHERE proname IN ('recode_area', 'recode_areas', 'recode_json')`,
      ),
    ).toEqual([]);
  });
});
