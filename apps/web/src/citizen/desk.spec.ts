import { ApiError } from '../api/client';
import {
  EMPTY_TRIAGE,
  handles,
  kecamatanOf,
  parametersFromReport,
  projectTitle,
  refusalProblems,
  triageActions,
  triageBody,
  triageProblems,
} from './desk';

/** The seeded road template's parameters (prisma/data/templates.ts, perbaikan-jalan-aduan-warga). */
const ROAD = [
  { key: 'kecamatan', label: 'Kecamatan lokasi', type: 'kecamatan' as const, required: true },
  { key: 'desa', label: 'Desa lokasi', type: 'desa' as const, required: false },
  { key: 'nomorAduan', label: 'Nomor aduan (SP4N-LAPOR!)', type: 'text' as const, required: true },
  { key: 'lokasi', label: 'Nama ruas / lokasi jalan', type: 'text' as const, required: true },
];
const REPORT = { desaCode: '35.13.07.2001', desaName: 'Tiris', trackingNumber: 'LPR-7KX9-M2QD' };

describe('the desk screens', () => {
  it('lets the handling OPD, the regency desk (DISKOMINFO) and ADMIN act, not another OPD or leadership', () => {
    const report = { handlingAgency: { code: 'DPUPR' } };
    expect(handles({ role: 'STAFF', agencyCode: 'DPUPR' }, report)).toBe(true);
    expect(handles({ role: 'STAFF', agencyCode: 'DISKOMINFO' }, report)).toBe(true);
    expect(handles({ role: 'ADMIN', agencyCode: 'DISKOMINFO' }, report)).toBe(true);
    expect(handles({ role: 'STAFF', agencyCode: 'DINKES' }, report)).toBe(false);
    expect(handles({ role: 'LEADERSHIP', agencyCode: 'SETDA' }, report)).toBe(false);
  });

  it('offers the triage actions the report still allows', () => {
    expect(triageActions({ status: 'RECEIVED', projectId: null })).toEqual([
      'answer',
      'project',
      'forward',
      'reject',
    ]);
    expect(triageActions({ status: 'IN_PROGRESS', projectId: 'p' })).toEqual(['answer']);
    for (const status of ['ANSWERED', 'CLOSED', 'REJECTED'] as const) {
      expect(triageActions({ status, projectId: null })).toEqual([]);
    }
  });

  it('fills a project from the report: kecamatan and desa of its place, its number as the complaint number', () => {
    expect(kecamatanOf('35.13.07.2001')).toBe('35.13.07');
    expect(parametersFromReport(ROAD, REPORT)).toEqual({
      kecamatan: '35.13.07',
      desa: '35.13.07.2001',
      nomorAduan: 'LPR-7KX9-M2QD',
    });
    expect(projectTitle('Jalan', REPORT)).toBe('Jalan — Tiris (LPR-7KX9-M2QD)');
  });

  it('sends only the chosen action’s fields, trimmed, and judges them with the domain rule', () => {
    const project = {
      ...EMPTY_TRIAGE,
      action: 'project' as const,
      templateCode: 'perbaikan-jalan-aduan-warga',
      title: ' Jalan Tiris ',
      parameters: { ...parametersFromReport(ROAD, REPORT), lokasi: ' ', note: 'ignored' },
      note: 'not sent',
    };
    expect(triageBody(project)).toEqual({
      action: 'project',
      templateCode: 'perbaikan-jalan-aduan-warga',
      title: 'Jalan Tiris',
      parameters: {
        kecamatan: '35.13.07',
        desa: '35.13.07.2001',
        nomorAduan: 'LPR-7KX9-M2QD',
        note: 'ignored',
      },
    });
    // The road template needs the location: named by the field the form shows it at.
    expect(triageProblems(project, ROAD)).toEqual({ 'parameters.lokasi': 'required' });
    expect(
      triageProblems({ ...project, parameters: { ...project.parameters, lokasi: 'Jl. Tiris km 2' } }, ROAD),
    ).toEqual({});
    expect(triageProblems({ ...EMPTY_TRIAGE, action: 'answer' })).toEqual({ text: 'required' });
    expect(triageProblems({ ...EMPTY_TRIAGE, action: 'reject', note: 'iklan' })).toEqual({
      reason: 'one of SPAM, DUPLICATE, OUT_OF_SCOPE',
    });
    expect(triageProblems({ ...EMPTY_TRIAGE, action: 'forward', note: 'bukan kami' })).toEqual({
      agencyCode: 'required',
    });
  });

  it('places the API’s refusals by field, and a 409 above the form', () => {
    const bad = new ApiError(400, {
      message: ['parameters.desa: is not a desa of 35.13.07', 'title: required'],
    });
    expect(refusalProblems(bad)).toEqual({
      'parameters.desa': 'is not a desa of 35.13.07',
      title: 'required',
    });
    const moved = new ApiError(409, { message: 'the report is already answered' });
    expect(refusalProblems(moved)).toEqual({ '': 'the report is already answered' });
    expect(refusalProblems(new ApiError(403, { message: 'Forbidden' }))).toEqual({});
  });
});
