import { challengeQuestion, parseChallengeAnswer } from './challenge';
import { CITIZEN_CATEGORIES, deskAgencyCode, FIRST_RESPONSE_SLA, handlingAgencyCode } from './categories';
import {
  answerRefusal,
  filingProblems,
  judgeFirstResponse,
  statusAfterTriage,
  triageRefusal,
  type ReportFacts,
  mayHandle,
} from './rules';
import { normalizeTrackingNumber, TRACKING_NUMBER_PATTERN, trackingNumberFrom } from './tracking-number';
import { citizenReportFigures } from './transparency';
import type { Actor } from '../roles';

const HANDLER: Actor = { userId: 'u1', agencyId: 'dpupr', role: 'STAFF' };
const DESK: Actor = { userId: 'u2', agencyId: 'kominfo', role: 'STAFF' };
const OTHER: Actor = { userId: 'u3', agencyId: 'dinkes', role: 'AGENCY_HEAD' };
const LEADER: Actor = { userId: 'u4', agencyId: 'setda', role: 'LEADERSHIP' };
const facts = (status: ReportFacts['status'] = 'RECEIVED'): ReportFacts => ({
  status,
  handlingAgencyId: 'dpupr',
  handlingAgencyCode: 'DPUPR',
  deskAgencyId: 'kominfo',
});

describe('citizen report categories', () => {
  it('sends each category to an OPD through the responsibility matrix, with a 5-working-day first response', () => {
    expect(Object.fromEntries(CITIZEN_CATEGORIES.map((c) => [c.code, handlingAgencyCode(c.code)]))).toEqual({
      jalan: 'DPUPR',
      kesehatan: 'DINKES',
      sosial: 'DINSOS',
      adminduk: 'DISPENDUKCAPIL',
      ketertiban: 'SATPOLPP',
      lingkungan: 'DLH',
      pendidikan: 'DISPENDIK',
      lainnya: 'DISKOMINFO',
    });
    expect(deskAgencyCode()).toBe('DISKOMINFO');
    expect(CITIZEN_CATEGORIES.every((c) => c.firstResponseSla === FIRST_RESPONSE_SLA)).toBe(true);
    expect(FIRST_RESPONSE_SLA).toEqual({ amount: 5, unit: 'workingDays' });
    expect(CITIZEN_CATEGORIES.find((c) => c.code === 'jalan')?.suggestedTemplate).toBe(
      'perbaikan-jalan-aduan-warga',
    );
    expect(handlingAgencyCode('nope')).toBeUndefined();
  });
});

describe('tracking numbers', () => {
  it('are LPR-XXXX-XXXX in Crockford base32 from 40 random bits', () => {
    expect(trackingNumberFrom(new Uint8Array([0, 0, 0, 0, 0]))).toBe('LPR-0000-0000');
    expect(trackingNumberFrom(new Uint8Array([255, 255, 255, 255, 255]))).toBe('LPR-ZZZZ-ZZZZ');
    const sample = trackingNumberFrom(new Uint8Array([0x3a, 0x7f, 0x12, 0xc4, 0x9e]));
    expect(sample).toMatch(TRACKING_NUMBER_PATTERN);
    expect(() => trackingNumberFrom(new Uint8Array(4))).toThrow();
  });

  it('are read back forgiving case, dashes, the prefix and O/I/L typed for 0/1', () => {
    expect(normalizeTrackingNumber('lpr-7kx9-m2qd')).toBe('LPR-7KX9-M2QD');
    expect(normalizeTrackingNumber('7KX9M2QD')).toBe('LPR-7KX9-M2QD');
    expect(normalizeTrackingNumber(' LPR 7KX9 M2QO ')).toBe('LPR-7KX9-M2Q0');
    expect(normalizeTrackingNumber('LPR-IL00-0000')).toBe('LPR-1100-0000');
    expect(normalizeTrackingNumber('LPR-UUUU-0000')).toBeNull();
    expect(normalizeTrackingNumber('LPR-123')).toBeNull();
    expect(normalizeTrackingNumber(42)).toBeNull();
  });
});

describe('the challenge', () => {
  it('asks a sum or a difference of 1…20 in Indonesian words, never below zero', () => {
    expect(challengeQuestion(0.3, 0.2, 0.1)).toEqual({
      question: 'Berapa tujuh ditambah lima?',
      questionEn: 'What is seven plus five?',
      answer: 12,
    });
    expect(challengeQuestion(0.1, 0.9, 0.9)).toMatchObject({
      question: 'Berapa sembilan belas dikurangi tiga?',
      answer: 16,
    });
    for (let i = 0; i < 50; i += 1) {
      const q = challengeQuestion(((i * 7) % 10) / 10, ((i * 3) % 10) / 10, (i % 2) * 0.9);
      expect(q.answer).toBeGreaterThanOrEqual(0);
      expect(q.answer).toBeLessThanOrEqual(40);
    }
  });

  it('takes digits only', () => {
    expect(parseChallengeAnswer(' 12 ')).toBe(12);
    expect(parseChallengeAnswer('dua belas')).toBeNull();
    expect(parseChallengeAnswer('1e1')).toBeNull();
    expect(parseChallengeAnswer('')).toBeNull();
  });
});

describe('filing', () => {
  it('names every field it refuses', () => {
    expect(filingProblems({ description: 'Jalan berlubang besar di depan balai desa.' })).toEqual([]);
    expect(filingProblems({ description: 'rusak' })).toEqual(['description: at least 20 characters']);
    expect(filingProblems({ description: '  ' })).toEqual(['description: required']);
    expect(
      filingProblems({
        description: 'x'.repeat(4001),
        reporterName: 'n'.repeat(121),
        reporterContact: '0812',
      }),
    ).toEqual(['description: at most 4000 characters', 'reporterName: at most 120 characters']);
  });
});

describe('triage and answers', () => {
  it('lets the handling OPD, the desk and ADMIN act; not another OPD nor leadership', () => {
    const answer = { action: 'answer', text: 'Sudah kami jadwalkan.' };
    expect(triageRefusal(HANDLER, facts(), answer)).toBeNull();
    expect(triageRefusal(DESK, facts(), answer)).toBeNull();
    expect(triageRefusal({ ...OTHER, role: 'ADMIN' }, facts(), answer)).toBeNull();
    expect(triageRefusal(OTHER, facts(), answer)?.kind).toBe('FORBIDDEN');
    expect(triageRefusal(LEADER, facts(), answer)?.kind).toBe('FORBIDDEN');
  });

  it('names the field of a malformed triage', () => {
    expect(triageRefusal(HANDLER, facts(), { action: 'answer' })).toEqual({
      kind: 'INVALID',
      message: 'text: required',
    });
    expect(triageRefusal(HANDLER, facts(), { action: 'reject', reason: 'BORING', note: 'x' })?.message).toBe(
      'reason: one of SPAM, DUPLICATE, OUT_OF_SCOPE',
    );
    expect(triageRefusal(HANDLER, facts(), { action: 'forward', note: 'ke Dinkes' })?.message).toBe(
      'agencyCode: required',
    );
    expect(
      triageRefusal(HANDLER, facts(), { action: 'forward', agencyCode: 'DPUPR', note: 'x' })?.message,
    ).toBe('agencyCode: the report is already with this OPD');
    expect(
      triageRefusal(HANDLER, facts(), {
        action: 'project',
        templateCode: 't',
        title: 'T',
        parameters: { a: 1 },
      })?.message,
    ).toBe('parameters.a: must be text of at most 500 characters');
    expect(triageRefusal(HANDLER, facts(), { action: 'archive' })?.message).toBe(
      'action: one of answer, project, forward, reject',
    );
  });

  it('refuses triage of a final report, and anything but an answer once it is a project', () => {
    const reject = { action: 'reject', reason: 'SPAM', note: 'iklan' };
    expect(triageRefusal(HANDLER, facts('ANSWERED'), reject)?.kind).toBe('NOT_OPEN');
    expect(triageRefusal(HANDLER, facts('IN_PROGRESS'), reject)?.kind).toBe('NOT_OPEN');
    expect(triageRefusal(HANDLER, facts('IN_PROGRESS'), { action: 'answer', text: 'Selesai.' })).toBeNull();
    expect(answerRefusal(HANDLER, facts('CLOSED'), { text: 'x' })?.kind).toBe('NOT_OPEN');
    expect(answerRefusal(HANDLER, facts(), { text: ' ' })).toEqual({
      kind: 'INVALID',
      message: 'text: required',
    });
    expect(answerRefusal(OTHER, facts(), { text: 'x' })?.kind).toBe('FORBIDDEN');
  });

  it('moves the status', () => {
    expect(statusAfterTriage({ action: 'answer', text: 'x' })).toBe('ANSWERED');
    expect(statusAfterTriage({ action: 'project', templateCode: 't', title: 'T', parameters: {} })).toBe(
      'IN_PROGRESS',
    );
    expect(statusAfterTriage({ action: 'forward', agencyCode: 'DINKES', note: 'x' })).toBe('RECEIVED');
    expect(statusAfterTriage({ action: 'reject', reason: 'DUPLICATE', note: 'x' })).toBe('REJECTED');
  });
});

describe('first response against the SLA', () => {
  const due = new Date('2026-12-14T09:00:00Z');
  it('is on time by the deadline, late after it, open overdue past it, nothing while it runs', () => {
    const now = new Date('2026-12-20T00:00:00Z');
    expect(judgeFirstResponse({ firstResponseDueAt: due, firstRespondedAt: due }, now)).toBe('ON_TIME');
    expect(
      judgeFirstResponse(
        { firstResponseDueAt: due, firstRespondedAt: new Date('2026-12-14T09:00:01Z') },
        now,
      ),
    ).toBe('LATE');
    expect(judgeFirstResponse({ firstResponseDueAt: due, firstRespondedAt: null }, now)).toBe('OPEN_OVERDUE');
    expect(
      judgeFirstResponse(
        { firstResponseDueAt: due, firstRespondedAt: null },
        new Date('2026-12-10T00:00:00Z'),
      ),
    ).toBeNull();
  });
});

describe('transparency figures of citizen reports', () => {
  const due = new Date('2026-12-14T09:00:00Z');
  const now = new Date('2026-12-20T00:00:00Z');
  it('counts responses on time and late, open and overdue, and rates on time against responded and overdue', () => {
    expect(
      citizenReportFigures(
        [
          { status: 'ANSWERED', firstResponseDueAt: due, firstRespondedAt: new Date('2026-12-10T00:00:00Z') },
          { status: 'CLOSED', firstResponseDueAt: due, firstRespondedAt: new Date('2026-12-11T00:00:00Z') },
          {
            status: 'IN_PROGRESS',
            firstResponseDueAt: due,
            firstRespondedAt: new Date('2026-12-15T00:00:00Z'),
          },
          { status: 'RECEIVED', firstResponseDueAt: due, firstRespondedAt: null },
          {
            status: 'RECEIVED',
            firstResponseDueAt: new Date('2026-12-24T00:00:00Z'),
            firstRespondedAt: null,
          },
        ],
        now,
      ),
    ).toEqual({ received: 5, responded: 3, respondedOnTime: 2, onTimeRate: 0.5, open: 3, overdue: 1 });
  });

  it('has no rate when there is nothing to rate', () => {
    expect(citizenReportFigures([], now)).toEqual({
      received: 0,
      responded: 0,
      respondedOnTime: 0,
      onTimeRate: null,
      open: 0,
      overdue: 0,
    });
  });
});

describe('who handles a report, with its personal data', () => {
  const facts = { handlingAgencyId: 'DPUPR', deskAgencyId: 'DISKOMINFO' };
  it.each([
    ['STAFF', 'DPUPR', true],
    ['AGENCY_HEAD', 'DPUPR', true],
    ['LEAD', 'DISKOMINFO', true],
    ['STAFF', 'DISKOMINFO', true],
    ['ADMIN', 'BAPPEDA', true],
    // The data custodian sits in the desk's OPD but handles no complaint.
    ['WALIDATA', 'DISKOMINFO', false],
    ['LEADERSHIP', 'SETDA', false],
    ['STAFF', 'DINSOS', false],
  ] as const)('%s of %s: %s', (role, agencyId, allowed) => {
    expect(mayHandle({ role, agencyId }, facts)).toBe(allowed);
  });
});
