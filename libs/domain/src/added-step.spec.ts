import { addedStepProblems, withBefore } from './added-step';

// A project: kickoff → (survey, design) → report; kickoff done, survey started, design and report waiting.
const steps = [
  { key: 'kickoff', dependsOn: [] },
  { key: 'survey', dependsOn: ['kickoff'] },
  { key: 'design', dependsOn: ['kickoff'] },
  { key: 'report', dependsOn: ['survey', 'design'] },
];
const context = {
  steps,
  started: new Set(['kickoff', 'survey']),
  done: new Set(['kickoff']),
};
const form = {
  fields: [{ key: 'jumlahAnak', label: 'Jumlah anak putus sekolah', type: 'integer', required: true }],
};

describe('addedStepProblems', () => {
  it('accepts an OPD that waits for a started step and makes a waiting step wait for it', () => {
    expect(
      addedStepProblems({ key: 'tambahan-dispendik', dependsOn: ['survey'], form }, ['report'], context),
    ).toEqual([]);
  });

  it('accepts the summary-only step of before (no form, no links)', () => {
    expect(addedStepProblems({ key: 'tambahan-dispendik', dependsOn: [] }, [], context)).toEqual([]);
  });

  it('names unknown keys in dependsOn and before', () => {
    expect(
      addedStepProblems({ key: 'tambahan-dispendik', dependsOn: ['nope'] }, ['gone', 'report'], context),
    ).toEqual(['unknown steps in dependsOn: nope', 'unknown steps in before: gone']);
  });

  it('refuses to make a started or finished step wait, naming it', () => {
    expect(
      addedStepProblems({ key: 'tambahan-dispendik', dependsOn: [] }, ['survey', 'kickoff'], context),
    ).toEqual(['before: survey, kickoff already started and cannot be made to wait for the new step']);
  });

  it('refuses a key the project already has', () => {
    expect(addedStepProblems({ key: 'design', dependsOn: [] }, [], context)).toEqual([
      'the project already has a step "design"',
    ]);
  });

  it('refuses a step in both lists', () => {
    expect(addedStepProblems({ key: 'x', dependsOn: ['design'] }, ['design'], context)).toEqual([
      'design: in both dependsOn and before (the steps would wait for each other)',
    ]);
  });

  it('refuses a cycle through other steps, naming the path', () => {
    // report waits for design; the new step would wait for report and design would wait for the new step.
    expect(addedStepProblems({ key: 'x', dependsOn: ['report'] }, ['design'], context)).toEqual([
      'before: design cannot wait for the new step, which waits for it: dependency cycle x → report → design → x',
    ]);
  });

  it('allows a before step that the new step does not reach', () => {
    expect(addedStepProblems({ key: 'x', dependsOn: ['survey'] }, ['design'], context)).toEqual([]);
  });

  it('names each problem of the form with the template editor rules', () => {
    const problems = addedStepProblems(
      {
        key: 'x',
        dependsOn: [],
        form: { fields: [{ key: 'Bad Key', label: '', type: 'money', required: 'yes' }] },
      },
      [],
      context,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^form\.fields\[0\]\.key: must match/),
        'form.fields[0].label: is required',
        expect.stringMatching(/^form\.fields\[0\]\.type: must be one of/),
        'form.fields[0].required: must be true or false',
      ]),
    );
    expect(addedStepProblems({ key: 'x', dependsOn: [], form: { fields: [] } }, [], context)).toEqual([
      'form: must have at least one field',
    ]);
  });
});

describe('withBefore', () => {
  it('adds the new key to the dependsOn of the steps named, once, leaving the others as they are', () => {
    const result = withBefore(steps, 'x', ['design', 'report']);
    expect(result.map((s) => [s.key, s.dependsOn])).toEqual([
      ['kickoff', []],
      ['survey', ['kickoff']],
      ['design', ['kickoff', 'x']],
      ['report', ['survey', 'design', 'x']],
    ]);
    expect(result[0]).toBe(steps[0]);
    expect(withBefore(result, 'x', ['design'])[2]).toBe(result[2]);
  });
});
