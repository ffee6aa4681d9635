import {
  checkRevision,
  decidePublication,
  expandDecisions,
  proposalOf,
  reconciliationForm,
  type ReconciliationCell,
} from './decisions';

describe('decidePublication', () => {
  const dinkes = (value: number) => ({ agencyCode: 'DINKES', value });
  const dp3 = (value: number) => ({ agencyCode: 'DP3AP2KB', value });

  it('publishes what the OPDs agree on when nothing is published', () => {
    expect(decidePublication([], null)).toEqual({ kind: 'none' });
    expect(decidePublication([dinkes(41)], null)).toEqual({ kind: 'publish', value: 41, basis: 'SINGLE' });
    expect(decidePublication([dinkes(41), dp3(41)], null)).toEqual({
      kind: 'publish',
      value: 41,
      basis: 'CONCORDANT',
    });
  });

  it('opens a conflict when the OPDs disagree, naming the published figure if there is one', () => {
    expect(decidePublication([dp3(37), dinkes(41)], null)).toEqual({
      kind: 'conflict',
      values: [dinkes(41), dp3(37)],
      published: null,
    });
    expect(decidePublication([dinkes(41), dp3(37)], { value: 39, basis: 'RECONCILED' })).toMatchObject({
      kind: 'conflict',
      published: 39,
    });
  });

  it('never lets a single later figure replace a reconciled one (the reported bug)', () => {
    expect(decidePublication([dinkes(45)], { value: 39, basis: 'RECONCILED' })).toEqual({
      kind: 'conflict',
      values: [dinkes(45)],
      published: 39,
    });
  });

  it('does not replace a published single or concordant figure with a different agreed one either', () => {
    expect(decidePublication([dinkes(45)], { value: 41, basis: 'SINGLE' })).toEqual({
      kind: 'conflict',
      values: [dinkes(45)],
      published: 41,
    });
    expect(decidePublication([dinkes(45), dp3(45)], { value: 41, basis: 'CONCORDANT' })).toMatchObject({
      kind: 'conflict',
      published: 41,
    });
  });

  it('treats a figure equal to the published one as support (after rounding to 4 decimals)', () => {
    expect(decidePublication([dp3(39)], { value: 39, basis: 'RECONCILED' })).toEqual({
      kind: 'support',
      value: 39,
    });
    expect(decidePublication([dp3(39.00001)], { value: 39, basis: 'RECONCILED' })).toEqual({
      kind: 'support',
      value: 39,
    });
    // A single figure joined by an equal one becomes concordant.
    expect(decidePublication([dinkes(41), dp3(41)], { value: 41, basis: 'SINGLE' })).toEqual({
      kind: 'publish',
      value: 41,
      basis: 'CONCORDANT',
    });
  });
});

describe('checkRevision', () => {
  it('needs a published figure, a reason, a valid and different value', () => {
    expect(checkRevision({ value: 39 }, 42, 'Posyandu melapor ulang')).toEqual([]);
    expect(checkRevision(null, 42, 'x')).toEqual([
      'figure: nothing is published for this indicator, area, period and breakdown',
    ]);
    expect(checkRevision({ value: 39 }, 42, '  ')).toEqual([
      'reason: a revision of a published figure names its reason',
    ]);
    expect(checkRevision({ value: 39 }, -1, 'x')).toEqual(['value: must be a number of 0 or more']);
    expect(checkRevision({ value: 39 }, 39, 'x')).toEqual(['value: 39 is already the published figure']);
  });
});

const cells: ReconciliationCell[] = [
  {
    conflictId: 'c1',
    indicatorCode: 'BALITA_STUNTING',
    areaCode: '35.13.03.2001',
    breakdown: '',
    published: null,
    values: [
      { agencyCode: 'DINKES', value: 41 },
      { agencyCode: 'DP3AP2KB', value: 37 },
    ],
  },
  {
    conflictId: 'c2',
    indicatorCode: 'BALITA_STUNTING',
    areaCode: '35.13.03.2002',
    breakdown: '',
    published: 39,
    values: [{ agencyCode: 'DINKES', value: 45 }],
  },
];

describe('reconciliationForm and proposalOf', () => {
  it('gives an OPD one row per cell, labelled with every figure in dispute, and reads its answers back', () => {
    const form = reconciliationForm(cells, 'DP3AP2KB', (c) => c.areaCode);
    expect(form.fields.map((f) => [f.key, f.type, f.required])).toEqual([
      ['penjelasan', 'longtext', true],
      ['penjelasan_1', 'text', false],
      ['usulan_1', 'number', false],
      ['penjelasan_2', 'text', false],
      ['usulan_2', 'number', false],
    ]);
    expect(form.fields[1]!.label).toBe('35.13.03.2001 (Anda 37; DINKES 41): penjelasan');
    expect(form.fields[3]!.label).toBe('35.13.03.2002 (Anda —; DINKES 45, terbit 39): penjelasan');
    expect(proposalOf({ penjelasan_2: ' Data keluarga 2025 ', usulan_2: 40 }, 2)).toEqual({
      explanation: 'Data keluarga 2025',
      proposal: 40,
    });
    expect(proposalOf({ penjelasan_1: '' }, 1)).toEqual({ explanation: null, proposal: null });
  });
});

describe('expandDecisions', () => {
  it('takes per-cell figures and one OPD’s figures in bulk', () => {
    expect(
      expandDecisions(
        {
          decisions: [{ conflictId: 'c1', value: 39 }],
          accept: { agencyCode: 'DINKES', conflictIds: ['c2'] },
        },
        cells,
      ),
    ).toEqual({
      ok: true,
      decisions: [
        { conflictId: 'c1', value: 39 },
        { conflictId: 'c2', value: 45 },
      ],
    });
  });

  it('names each bad cell: unknown, decided twice, no figure of the OPD, bad value, nothing named', () => {
    expect(
      expandDecisions(
        {
          decisions: [
            { conflictId: 'x', value: 1 },
            { conflictId: 'c1', value: -2 },
            { conflictId: 'c2', value: 3 },
          ],
          accept: { agencyCode: 'DP3AP2KB', conflictIds: ['c2', 'c1'] },
        },
        cells,
      ),
    ).toEqual({
      ok: false,
      problems: [
        'decisions.0: x is not an open cell of this reconciliation',
        'decisions.1: value must be a number of 0 or more',
        'accept.conflictIds.0: DP3AP2KB has no figure for c2',
      ],
    });
    expect(
      expandDecisions(
        {
          decisions: [
            { conflictId: 'c1', value: 1 },
            { conflictId: 'c1', value: 2 },
          ],
        },
        cells,
      ),
    ).toEqual({ ok: false, problems: ['decisions.1: c1 is decided twice'] });
    expect(expandDecisions({}, cells)).toEqual({
      ok: false,
      problems: ['decisions: name at least one cell'],
    });
  });
});
