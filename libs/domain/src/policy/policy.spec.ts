import {
  afterSignOff,
  draftProblems,
  parafComment,
  parafDecision,
  parafStepKey,
  policyActionRefusal,
  policyDraftWorkflowId,
  policyKeyOf,
  reviewersOf,
  roundOutcome,
  signOffLadder,
  signOffNoteProblem,
  versionNoteProblem,
} from '@gotong/domain/policy';
import type { Actor } from '@gotong/domain/roles';

const DRAFTING = 'agency-bappeda';
const lead: Actor = { userId: 'u1', agencyId: DRAFTING, role: 'LEAD' };
const head: Actor = { userId: 'u2', agencyId: DRAFTING, role: 'AGENCY_HEAD' };
const staff: Actor = { userId: 'u3', agencyId: DRAFTING, role: 'STAFF' };
const otherLead: Actor = { userId: 'u4', agencyId: 'agency-dinkes', role: 'LEAD' };
const sekda: Actor = { userId: 'u5', agencyId: 'setda', role: 'LEADERSHIP', office: 'SEKDA' };
const pltSekda: Actor = {
  userId: 'u6',
  agencyId: 'setda',
  role: 'LEADERSHIP',
  office: 'SEKDA',
  acting: { title: 'PLT', post: 'Sekretaris Daerah' },
};
const bupati: Actor = { userId: 'u7', agencyId: 'setda', role: 'LEADERSHIP', office: 'BUPATI' };
const wabup: Actor = { userId: 'u8', agencyId: 'setda', role: 'LEADERSHIP', office: 'WAKIL_BUPATI' };
const facts = (status: Parameters<typeof policyActionRefusal>[0]['status']) => ({
  status,
  draftingAgencyId: DRAFTING,
});

describe('policy drafts: input', () => {
  it('names each bad field', () => {
    expect(
      draftProblems({ kind: 'PERDA', title: ' ', reviewerCodes: 'DINKES', draftingCode: 'BAPPEDA' }),
    ).toEqual([
      'kind: must be one of PERBUP, SK_BUPATI, SE_BUPATI, SOP',
      'title: must not be empty',
      'reviewers: must be a list of OPD codes',
    ]);
    expect(
      draftProblems({
        kind: 'SOP',
        title: 'SOP',
        reviewerCodes: ['DINKES', 'DINKES', 'BAPPEDA'],
        draftingCode: 'BAPPEDA',
      }),
    ).toEqual([
      'reviewers: an OPD is named twice',
      'reviewers: the drafting OPD does not review its own draft',
    ]);
    expect(
      draftProblems({ kind: 'PERBUP', title: 'x'.repeat(301), reviewerCodes: [], draftingCode: 'BAPPEDA' }),
    ).toEqual(['title: must be at most 300 characters']);
    expect(draftProblems({ kind: 'SK_BUPATI', title: 'SK', reviewerCodes: [], draftingCode: 'X' })).toEqual(
      [],
    );
  });

  it('always adds the legal section, once', () => {
    expect(reviewersOf(['DINKES'])).toEqual(['DINKES', 'SETDA-HUKUM']);
    expect(reviewersOf(['SETDA-HUKUM', 'DINKES'])).toEqual(['SETDA-HUKUM', 'DINKES']);
    expect(reviewersOf([])).toEqual(['SETDA-HUKUM']);
  });

  it('bounds notes; a return by the Sekda or Bupati must say why', () => {
    expect(versionNoteProblem(undefined)).toBeNull();
    expect(versionNoteProblem(3)).toBe('note: must be text');
    expect(versionNoteProblem('x'.repeat(2001))).toBe('note: must be at most 2000 characters');
    expect(signOffNoteProblem('SIGNED', undefined)).toBeNull();
    expect(signOffNoteProblem('RETURNED', '  ')).toBe('note: a return must say what to revise');
    expect(signOffNoteProblem('RETURNED', 'Pasal 3 diperjelas')).toBeNull();
  });
});

describe('policy drafts: who may do what, when', () => {
  it('lets the drafting OPD’s lead or head upload a version before review or after a return', () => {
    for (const actor of [lead, head]) {
      expect(policyActionRefusal(facts('DRAFTING'), actor, 'upload-version')).toBeNull();
      expect(policyActionRefusal(facts('RETURNED'), actor, 'upload-version')).toBeNull();
    }
    expect(policyActionRefusal(facts('DRAFTING'), staff, 'upload-version')?.kind).toBe('forbidden');
    expect(policyActionRefusal(facts('DRAFTING'), otherLead, 'upload-version')?.kind).toBe('forbidden');
    for (const status of ['IN_REVIEW', 'AWAITING_SEKDA', 'AWAITING_BUPATI', 'SIGNED', 'WITHDRAWN'] as const)
      expect(policyActionRefusal(facts(status), lead, 'upload-version')?.kind).toBe('conflict');
  });

  it('lets only the Sekda (or a Plt.) sign first, then only the Bupati', () => {
    expect(policyActionRefusal(facts('AWAITING_SEKDA'), sekda, 'sign')).toBeNull();
    expect(policyActionRefusal(facts('AWAITING_SEKDA'), pltSekda, 'return')).toBeNull();
    expect(policyActionRefusal(facts('AWAITING_SEKDA'), bupati, 'sign')).toEqual({
      kind: 'conflict',
      message: 'the Sekda signs first',
    });
    expect(policyActionRefusal(facts('AWAITING_BUPATI'), bupati, 'sign')).toBeNull();
    expect(policyActionRefusal(facts('AWAITING_BUPATI'), sekda, 'sign')?.kind).toBe('conflict');
    for (const actor of [staff, lead, head, wabup])
      expect(policyActionRefusal(facts('AWAITING_SEKDA'), actor, 'sign')?.kind).toBe('forbidden');
  });

  it('refuses a sign-off before every paraf', () => {
    expect(policyActionRefusal(facts('IN_REVIEW'), sekda, 'sign')).toEqual({
      kind: 'conflict',
      message: 'the draft needs every reviewer’s paraf on its current version first',
    });
    expect(policyActionRefusal(facts('SIGNED'), bupati, 'sign')?.message).toBe('the draft is signed');
  });

  it('lets the drafting OPD withdraw an unfinished draft', () => {
    expect(policyActionRefusal(facts('IN_REVIEW'), head, 'withdraw')).toBeNull();
    expect(policyActionRefusal(facts('SIGNED'), head, 'withdraw')?.kind).toBe('conflict');
    expect(policyActionRefusal(facts('IN_REVIEW'), sekda, 'withdraw')?.kind).toBe('forbidden');
  });

  it('moves a draft on after each sign-off', () => {
    expect(afterSignOff('SEKDA', 'SIGNED')).toBe('AWAITING_BUPATI');
    expect(afterSignOff('BUPATI', 'SIGNED')).toBe('SIGNED');
    expect(afterSignOff('SEKDA', 'RETURNED')).toBe('RETURNED');
    expect(afterSignOff('BUPATI', 'RETURNED')).toBe('RETURNED');
  });
});

describe('policy drafts: rounds and ids', () => {
  it('ends a round at the first return, or once every reviewer initialled', () => {
    const reviewers = ['a', 'b', 'c'];
    expect(roundOutcome(reviewers, {})).toBe('OPEN');
    expect(roundOutcome(reviewers, { a: 'INITIALLED', b: 'INITIALLED' })).toBe('OPEN');
    expect(roundOutcome(reviewers, { a: 'INITIALLED', c: 'RETURNED' })).toBe('RETURNED');
    expect(roundOutcome(reviewers, { a: 'INITIALLED', b: 'INITIALLED', c: 'INITIALLED' })).toBe('INITIALLED');
  });

  it('reads the paraf form', () => {
    expect(parafDecision({ paraf: 'PARAF' })).toBe('INITIALLED');
    expect(parafDecision({ paraf: 'KEMBALIKAN' })).toBe('RETURNED');
    expect(parafComment({ paraf: 'KEMBALIKAN', catatan: '  Pasal 2  ' })).toBe('Pasal 2');
    expect(parafComment({ paraf: 'PARAF', catatan: ' ' })).toBeNull();
  });

  it('names workflows and steps readably', () => {
    const key = policyKeyOf('1A2B3C4D-0000-4000-8000-000000000000');
    expect(key).toBe('1a2b3c4d');
    expect(policyDraftWorkflowId('SK_BUPATI', key)).toBe('policy-draft-sk-bupati-1a2b3c4d');
    expect(parafStepKey(2, 'SETDA-HUKUM')).toBe('paraf-v2-setda-hukum');
  });

  it('reports a late Sekda to the Bupati; the Bupati is only reminded', () => {
    const sla = { amount: 3, unit: 'workingDays' } as const;
    expect(signOffLadder('SEKDA', sla)).toEqual({ levels: [{ level: 3, timeout: sla, repeats: 0 }] });
    expect(signOffLadder('BUPATI', sla)).toEqual({ levels: [] });
  });
});
