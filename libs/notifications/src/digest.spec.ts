import { buildDigest, type DigestInput, isDigestEmpty, MAX_DIGEST_LINES, renderDigest } from './digest';
import { type Digest, type DigestEmergency } from './types';

// 2026-11-23 07:00 WIB.
const NOW = '2026-11-23T00:00:00.000Z';

type OverdueRow = DigestInput['overdueTasks'][number];
type EscalationRow = DigestInput['openEscalations'][number];

function task(taskId: string, agencyCode: string, dueAt: string): OverdueRow {
  const names: Record<string, string> = { DINKES: 'Dinas Kesehatan', DINSOS: 'Dinas Sosial', BPBD: 'BPBD' };
  return {
    taskId,
    taskTitle: `Tugas ${taskId}`,
    projectTitle: 'Percepatan penurunan stunting',
    agencyCode,
    agencyName: names[agencyCode] ?? agencyCode,
    dueAt,
  };
}

function escalation(
  escalationId: string,
  agencyCode: string,
  level: number,
  openedAt: string,
): EscalationRow {
  return {
    escalationId,
    taskId: `t-${escalationId}`,
    taskTitle: `Tugas ${escalationId}`,
    agencyCode,
    level,
    openedAt,
  };
}

const FLOOD: DigestEmergency = {
  incidentId: 'i-1',
  title: 'Banjir Kraksaan',
  status: 'TANGGAP_DARURAT',
  severity: 'BERAT',
  declaredAt: '2026-11-21T03:00:00.000Z',
  mobilisedOpds: 3,
  openTasks: 7,
};

function input(overrides: Partial<DigestInput> = {}): DigestInput {
  return {
    date: '2026-11-23',
    now: NOW,
    scope: { kind: 'REGENCY' },
    overdueTasks: [],
    openEscalations: [],
    emergencies: [],
    ...overrides,
  };
}

describe('buildDigest, overdue tasks', () => {
  it('groups per OPD, the OPD with most overdue tasks first, then by agency code', () => {
    const digest = buildDigest(
      input({
        overdueTasks: [
          task('a', 'DINSOS', '2026-11-20T00:00:00Z'),
          task('b', 'DINKES', '2026-11-20T00:00:00Z'),
          task('c', 'BPBD', '2026-11-20T00:00:00Z'),
          task('d', 'DINKES', '2026-11-21T00:00:00Z'),
        ],
      }),
    );
    expect(digest.overdueByOpd.map((g) => [g.agencyCode, g.agencyName, g.count])).toEqual([
      ['DINKES', 'Dinas Kesehatan', 2],
      ['BPBD', 'BPBD', 1],
      ['DINSOS', 'Dinas Sosial', 1],
    ]);
  });

  it('lists the most overdue task first and counts whole days overdue, rounded down', () => {
    const digest = buildDigest(
      input({
        overdueTasks: [
          task('recent', 'DINKES', '2026-11-22T12:00:00Z'), // 12 h
          task('oldest', 'DINKES', '2026-11-13T00:00:00Z'), // 10 days
          task('middle', 'DINKES', '2026-11-21T00:00:01Z'), // 1 day 23:59:59
        ],
      }),
    );
    expect(digest.overdueByOpd[0]?.tasks).toEqual([
      {
        taskId: 'oldest',
        taskTitle: 'Tugas oldest',
        projectTitle: 'Percepatan penurunan stunting',
        dueAt: '2026-11-13T00:00:00Z',
        daysOverdue: 10,
      },
      expect.objectContaining({ taskId: 'middle', daysOverdue: 1 }),
      expect.objectContaining({ taskId: 'recent', daysOverdue: 0 }),
    ]);
  });

  it('orders tasks due at the same instant by id, so the digest is the same on every run', () => {
    const due = '2026-11-20T00:00:00Z';
    const digest = buildDigest(input({ overdueTasks: [task('z', 'DINKES', due), task('m', 'DINKES', due)] }));
    expect(digest.overdueByOpd[0]?.tasks.map((t) => t.taskId)).toEqual(['m', 'z']);
  });

  it('drops tasks that are not overdue yet, due exactly now, or with an unreadable deadline', () => {
    const digest = buildDigest(
      input({
        overdueTasks: [
          task('late', 'DINKES', '2026-11-22T23:59:59.999Z'),
          task('now', 'DINKES', NOW),
          task('future', 'DINKES', '2026-11-24T00:00:00Z'),
          task('broken', 'DINKES', 'not a date'),
        ],
      }),
    );
    expect(digest.overdueByOpd).toHaveLength(1);
    expect(digest.overdueByOpd[0]?.tasks.map((t) => t.taskId)).toEqual(['late']);
    expect(digest.overdueByOpd[0]?.count).toBe(1);
  });

  it('compares instants, not strings: a deadline written with another offset is read correctly', () => {
    // 2026-11-23T06:30+07:00 is 23:30Z the day before: overdue. 2026-11-23T08:00+07:00 is 01:00Z: not yet.
    const digest = buildDigest(
      input({
        overdueTasks: [
          task('wib', 'DINKES', '2026-11-23T06:30:00+07:00'),
          task('later', 'DINKES', '2026-11-23T08:00:00+07:00'),
        ],
      }),
    );
    expect(digest.overdueByOpd[0]?.tasks.map((t) => t.taskId)).toEqual(['wib']);
  });
});

describe('buildDigest, open escalations', () => {
  it('groups by level ascending, only levels with escalations, oldest first, age in whole hours', () => {
    const digest = buildDigest(
      input({
        openEscalations: [
          escalation('e3', 'DINKES', 3, '2026-11-22T20:00:00Z'), // 4 h
          escalation('e1a', 'DINKES', 1, '2026-11-22T23:30:00Z'), // 30 min
          escalation('e1b', 'DINSOS', 1, '2026-11-20T22:59:00Z'), // 49 h 1 min
        ],
      }),
    );
    expect(digest.escalationsByLevel.map((g) => [g.level, g.count])).toEqual([
      [1, 2],
      [3, 1],
    ]);
    expect(digest.escalationsByLevel[0]?.items).toEqual([
      {
        escalationId: 'e1b',
        taskId: 't-e1b',
        taskTitle: 'Tugas e1b',
        agencyCode: 'DINSOS',
        openedAt: '2026-11-20T22:59:00Z',
        ageHours: 49,
      },
      expect.objectContaining({ escalationId: 'e1a', ageHours: 0 }),
    ]);
    expect(digest.escalationsByLevel[1]?.items[0]?.ageHours).toBe(4);
  });

  it('never gives a negative age when the opening time is slightly ahead of now', () => {
    const digest = buildDigest(
      input({ openEscalations: [escalation('e', 'DINKES', 1, '2026-11-23T00:00:05Z')] }),
    );
    expect(digest.escalationsByLevel[0]?.items[0]?.ageHours).toBe(0);
  });
});

describe('buildDigest, scope', () => {
  const rows = {
    overdueTasks: [task('a', 'DINKES', '2026-11-20T00:00:00Z'), task('b', 'DINSOS', '2026-11-20T00:00:00Z')],
    openEscalations: [
      escalation('e1', 'DINKES', 1, '2026-11-22T00:00:00Z'),
      escalation('e2', 'DINSOS', 2, '2026-11-22T00:00:00Z'),
    ],
    emergencies: [FLOOD],
  };

  it('the regency digest keeps every OPD', () => {
    const digest = buildDigest(input(rows));
    expect(digest.overdueByOpd).toHaveLength(2);
    expect(digest.escalationsByLevel).toHaveLength(2);
    expect(digest.emergencies).toEqual([FLOOD]);
  });

  it("an OPD digest keeps only that OPD's tasks and escalations, and every emergency", () => {
    const scope = { kind: 'AGENCY' as const, agencyCode: 'DINKES', agencyName: 'Dinas Kesehatan' };
    const digest = buildDigest(input({ ...rows, scope }));
    expect(digest.scope).toEqual(scope);
    expect(digest.overdueByOpd.map((g) => g.agencyCode)).toEqual(['DINKES']);
    expect(digest.escalationsByLevel.flatMap((g) => g.items.map((i) => i.escalationId))).toEqual(['e1']);
    expect(digest.emergencies).toEqual([FLOOD]);
  });

  it('does not share objects with its input', () => {
    const source = input(rows);
    const digest = buildDigest(source);
    expect(digest.emergencies[0]).not.toBe(FLOOD);
    expect(digest.scope).not.toBe(source.scope);
  });

  it('refuses an unreadable now', () => {
    expect(() => buildDigest(input({ now: 'soon' }))).toThrow(RangeError);
  });
});

describe('isDigestEmpty', () => {
  it('is true only when there is nothing to report', () => {
    expect(isDigestEmpty(buildDigest(input()))).toBe(true);
    expect(isDigestEmpty(buildDigest(input({ emergencies: [FLOOD] })))).toBe(false);
    expect(
      isDigestEmpty(buildDigest(input({ overdueTasks: [task('a', 'DINKES', '2026-11-20T00:00:00Z')] }))),
    ).toBe(false);
    expect(
      isDigestEmpty(
        buildDigest(input({ openEscalations: [escalation('e', 'DINKES', 2, '2026-11-22T00:00:00Z')] })),
      ),
    ).toBe(false);
    // Rows that turn out not to be overdue leave the digest empty.
    expect(
      isDigestEmpty(buildDigest(input({ overdueTasks: [task('a', 'DINKES', '2026-12-01T00:00:00Z')] }))),
    ).toBe(true);
  });
});

describe('renderDigest', () => {
  const full = buildDigest(
    input({
      overdueTasks: [
        task('a', 'DINKES', '2026-11-20T00:00:00Z'),
        task('b', 'DINSOS', '2026-11-22T12:00:00Z'),
      ],
      openEscalations: [
        escalation('e1', 'DINKES', 1, '2026-11-22T23:30:00Z'),
        escalation('e2', 'DINKES', 2, '2026-11-21T00:00:00Z'),
      ],
      emergencies: [FLOOD],
    }),
  );

  it('writes the regency digest in Indonesian', () => {
    const { title, body } = renderDigest(full, 'id');
    expect(title).toBe('Ringkasan harian Gotong — Senin, 23 November 2026');
    expect(body).toBe(
      [
        'Tugas terlambat per OPD (2)',
        'Dinas Kesehatan (DINKES): 1 tugas',
        '- Tugas a (proyek “Percepatan penurunan stunting”): terlambat 3 hari, batas waktu Jumat, 20 November 2026 07.00 WIB',
        'Dinas Sosial (DINSOS): 1 tugas',
        '- Tugas b (proyek “Percepatan penurunan stunting”): terlambat kurang dari 1 hari, batas waktu Minggu, 22 November 2026 19.00 WIB',
        '',
        'Eskalasi terbuka per tingkat (2)',
        'Tingkat 1 (Kepala OPD): 1 eskalasi',
        '- Tugas e1 (DINKES): terbuka kurang dari 1 jam',
        'Tingkat 2 (Sekretaris Daerah): 1 eskalasi',
        '- Tugas e2 (DINKES): terbuka 48 jam',
        '',
        'Keadaan darurat berjalan (1)',
        '- Banjir Kraksaan: Tanggap darurat, tingkat keparahan Berat, dinyatakan Sabtu, 21 November 2026 10.00 WIB; 3 OPD dimobilisasi, 7 tugas terbuka',
      ].join('\n'),
    );
  });

  it('writes the regency digest in English', () => {
    const { title, body } = renderDigest(full, 'en');
    expect(title).toBe('Gotong daily digest — Monday, 23 November 2026');
    expect(body).toBe(
      [
        'Overdue tasks by agency (2)',
        'Dinas Kesehatan (DINKES): 1 task',
        '- Tugas a (project “Percepatan penurunan stunting”): 3 days overdue, due Friday, 20 November 2026 07:00 WIB',
        'Dinas Sosial (DINSOS): 1 task',
        '- Tugas b (project “Percepatan penurunan stunting”): less than a day overdue, due Sunday, 22 November 2026 19:00 WIB',
        '',
        'Open escalations by level (2)',
        'Level 1 – Head of agency (Kepala OPD): 1 escalation',
        '- Tugas e1 (DINKES): open for less than an hour',
        'Level 2 – Regional Secretary (Sekda): 1 escalation',
        '- Tugas e2 (DINKES): open for 48 hours',
        '',
        'Ongoing emergencies (1)',
        '- Banjir Kraksaan: Emergency response, severity Severe, declared Saturday, 21 November 2026 10:00 WIB; 3 agencies mobilised, 7 open tasks',
      ].join('\n'),
    );
  });

  it('names the OPD in the title of an OPD digest', () => {
    const digest = buildDigest(
      input({ scope: { kind: 'AGENCY', agencyCode: 'DINKES', agencyName: 'Dinas Kesehatan' } }),
    );
    expect(renderDigest(digest, 'id').title).toBe(
      'Ringkasan harian Gotong untuk Dinas Kesehatan — Senin, 23 November 2026',
    );
    expect(renderDigest(digest, 'en').title).toBe(
      'Gotong daily digest for Dinas Kesehatan — Monday, 23 November 2026',
    );
  });

  it('says plainly when a section is empty', () => {
    const empty = buildDigest(input());
    expect(renderDigest(empty, 'id').body).toBe(
      [
        'Tugas terlambat per OPD (0)',
        'Tidak ada tugas yang terlambat.',
        '',
        'Eskalasi terbuka per tingkat (0)',
        'Tidak ada eskalasi yang terbuka.',
        '',
        'Keadaan darurat berjalan (0)',
        'Tidak ada keadaan darurat yang sedang berjalan.',
      ].join('\n'),
    );
    expect(renderDigest(empty, 'en').body).toContain('No overdue tasks.');
    expect(renderDigest(empty, 'en').body).toContain('No open escalations.');
    expect(renderDigest(empty, 'en').body).toContain('No ongoing emergencies.');
  });

  it(`shows at most ${MAX_DIGEST_LINES} lines per group and counts the rest`, () => {
    const many = buildDigest(
      input({
        overdueTasks: Array.from({ length: 13 }, (_, i) =>
          task(
            `t${String(i).padStart(2, '0')}`,
            'DINKES',
            `2026-11-${String(i + 1).padStart(2, '0')}T00:00:00Z`,
          ),
        ),
        openEscalations: Array.from({ length: 11 }, (_, i) =>
          escalation(`e${i}`, 'DINKES', 2, '2026-11-22T00:00:00Z'),
        ),
        emergencies: Array.from({ length: 12 }, (_, i) => ({
          ...FLOOD,
          incidentId: `i${i}`,
          title: `Kejadian ${i}`,
        })),
      }),
    );
    const id = renderDigest(many, 'id').body.split('\n');
    expect(id).toContain('Dinas Kesehatan (DINKES): 13 tugas');
    expect(id.filter((line) => line.startsWith('- Tugas t'))).toHaveLength(10);
    expect(id).toContain(
      '- Tugas t00 (proyek “Percepatan penurunan stunting”): terlambat 22 hari, batas waktu Minggu, 1 November 2026 07.00 WIB',
    );
    expect(id.some((line) => line.includes('Tugas t10'))).toBe(false);
    expect(id).toContain('… dan 3 lainnya');
    expect(id).toContain('… dan 1 lainnya');
    expect(id).toContain('… dan 2 lainnya');
    expect(id.filter((line) => line.startsWith('- Kejadian'))).toHaveLength(10);
    const en = renderDigest(many, 'en').body.split('\n');
    expect(en).toContain('… and 3 more');
    expect(en).toContain('… and 2 more');
  });

  it('trusts a count larger than the listed tasks (a digest cut short by its producer)', () => {
    const digest: Digest = {
      date: '2026-11-23',
      scope: { kind: 'REGENCY' },
      overdueByOpd: [
        {
          agencyCode: 'DINKES',
          agencyName: 'Dinas Kesehatan',
          count: 40,
          tasks: [
            { taskId: 'a', taskTitle: 'A', projectTitle: 'P', dueAt: '2026-11-20T00:00:00Z', daysOverdue: 3 },
          ],
        },
      ],
      escalationsByLevel: [],
      emergencies: [],
    };
    const body = renderDigest(digest, 'id').body;
    expect(body).toContain('Tugas terlambat per OPD (40)');
    expect(body).toContain('… dan 39 lainnya');
  });

  it('keeps the title on one line and short, however long the OPD name', () => {
    const digest = buildDigest(
      input({
        scope: {
          kind: 'AGENCY',
          agencyCode: 'X',
          agencyName: `Dinas\nPekerjaan Umum ${'dan Penataan Ruang '.repeat(10)}`,
        },
      }),
    );
    const { title } = renderDigest(digest, 'id');
    expect(title).not.toContain('\n');
    expect(Array.from(title).length).toBeLessThanOrEqual(140);
    expect(title).toMatch(
      /^Ringkasan harian Gotong untuk Dinas Pekerjaan Umum .*… — Senin, 23 November 2026$/,
    );
  });
});
