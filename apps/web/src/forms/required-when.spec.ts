import { PLANNING_DECISION_FORM } from '@gotong/domain/planning';
import { validateContribution } from '@gotong/domain/form-schema';
import { emptyDraft, toPayload, type FormDraft } from './form-model';
import { requiredKeys } from './required-when';

describe('fields required when another field holds a value', () => {
  const form = PLANNING_DECISION_FORM;

  it('marks only the decision itself while nothing is chosen', () => {
    expect([...requiredKeys(form, emptyDraft(form))]).toEqual(['keputusan']);
  });

  it('marks the Renja activity, budget line and pagu for TERIMA, the reason for TOLAK', () => {
    const accept = { ...emptyDraft(form), keputusan: 'TERIMA' };
    expect([...requiredKeys(form, accept)].sort()).toEqual(
      ['kegiatan', 'keputusan', 'kodeRekening', 'pagu', 'program', 'subKegiatan'].sort(),
    );
    const decline = { ...emptyDraft(form), keputusan: ' TOLAK ' };
    expect([...requiredKeys(form, decline)].sort()).toEqual(['alasan', 'keputusan']);
  });

  it('agrees with the domain rule the API judges by', () => {
    for (const keputusan of ['', 'TERIMA', 'TOLAK']) {
      const draft: FormDraft = { ...emptyDraft(form), keputusan };
      const check = validateContribution(form, toPayload(form, draft));
      const missing = check.ok
        ? []
        : check.errors.filter((e) => e.message === 'is required').map((e) => e.field);
      // Every required field left empty is what the domain names; the decision itself is filled here.
      const empty = [...requiredKeys(form, draft)].filter((key) => draft[key] === '');
      expect(missing.sort()).toEqual(empty.sort());
    }
  });
});
