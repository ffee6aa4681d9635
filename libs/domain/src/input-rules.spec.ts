import {
  INT4_MAX,
  plannedWorkProblems,
  quantityProblem,
  resourceRequestProblems,
  slaProblem,
  stepProblems,
  textFieldProblem,
} from './input-rules';

const step = {
  key: 'dinkes',
  title: 'Data balita',
  instructions: '',
  sla: { amount: 3, unit: 'workingDays' },
};

describe('textFieldProblem', () => {
  it('accepts text in any script, and an absent optional field', () => {
    expect(textFieldProblem('title', 'Banjir — Kecamatan Tiris ꦗꦮ 😀')).toBeNull();
    expect(textFieldProblem('note', undefined, { optional: true })).toBeNull();
    expect(textFieldProblem('note', '', { optional: true })).toBeNull();
  });

  it('names the field and what is wrong with it', () => {
    expect(textFieldProblem('title', 'a\u0000b')).toBe('title: contains a NUL character');
    expect(textFieldProblem('title', 'a\uD800')).toMatch(/^title: contains a lone UTF-16 surrogate/);
    expect(textFieldProblem('title', '   ')).toBe('title: must not be empty');
    expect(textFieldProblem('title', undefined)).toBe('title: is required');
    expect(textFieldProblem('title', 42)).toBe('title: must be text');
  });
});

describe('quantityProblem', () => {
  it('accepts whole numbers from 1 to the int4 maximum', () => {
    expect(quantityProblem('quantity', 1)).toBeNull();
    expect(quantityProblem('quantity', INT4_MAX)).toBeNull();
  });

  it('refuses what a column could never store, as the API did not before', () => {
    expect(quantityProblem('quantity', 1e21)).toBe(`quantity: must be at most ${INT4_MAX}`);
    expect(quantityProblem('quantity', 0.5)).toBe('quantity: must be a whole number');
    expect(quantityProblem('quantity', 0)).toBe('quantity: must be at least 1');
    expect(quantityProblem('quantity', '2')).toBe('quantity: must be a whole number');
  });
});

describe('slaProblem and stepProblems', () => {
  it('name the place of a bad SLA: half a working day, or longer than ten years', () => {
    expect(slaProblem('steps[1].sla', { amount: 0.5, unit: 'workingDays' })).toBe(
      'steps[1].sla.amount must be a whole number for workingDays',
    );
    expect(slaProblem('sla', { amount: 1e21, unit: 'hours' })).toMatch(/^sla\.amount must be at most 87600/);
    expect(slaProblem('sla', { amount: 0.5, unit: 'hours' })).toBeNull();
  });

  it('collect every problem of a step', () => {
    expect(stepProblems(step)).toEqual([]);
    expect(
      stepProblems({ ...step, title: 'x\u0000', sla: { amount: 0.5, unit: 'days' } }, 'steps[0]'),
    ).toEqual([
      'steps[0].title: contains a NUL character',
      'steps[0].sla.amount must be a whole number for days',
    ]);
  });
});

describe('plannedWorkProblems', () => {
  it('accepts a project as the API builds it', () => {
    expect(plannedWorkProblems({ title: 'Stunting Tiris', description: null, steps: [step, step] })).toEqual(
      [],
    );
  });

  it('judges the title, the description and each step', () => {
    expect(
      plannedWorkProblems({
        title: '',
        description: 'b\uDC00',
        steps: [step, { ...step, sla: { amount: 1e21, unit: 'days' } }],
      }),
    ).toEqual([
      'title: must not be empty',
      'description: contains a lone UTF-16 surrogate (not valid Unicode text)',
      'steps[1].sla.amount must be at most 3650 for days (about ten years)',
    ]);
  });
});

describe('resourceRequestProblems', () => {
  it('names the item and the quantity', () => {
    expect(resourceRequestProblems({ item: 'tenda', quantity: 4 })).toEqual([]);
    expect(resourceRequestProblems({ item: ' ', quantity: 1e21 })).toEqual([
      'item: must not be empty',
      `quantity: must be at most ${INT4_MAX}`,
    ]);
  });
});
