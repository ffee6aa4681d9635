import type { Agency, IncidentAgency } from '../api/types';
import { agenciesToMobilise, mobilisedAgencies, releasableAgencies } from './command';

const agency = (code: string, name: string, active = true) => ({ id: code, code, name, active }) as Agency;
const atIncident = (code: string, name: string, releasedAt: string | null = null) =>
  ({ code, name, releasedAt }) as IncidentAgency;

describe('the incident command’s choices', () => {
  const incident = [
    atIncident('DINSOS', 'Dinas Sosial'),
    atIncident('BPBD', 'Badan Penanggulangan Bencana Daerah'),
    atIncident('DINKES', 'Dinas Kesehatan', '2026-12-07T01:00:00Z'),
  ];

  it('gives tasks to and releases only the OPDs still at work, by name', () => {
    expect(mobilisedAgencies(incident).map((a) => a.code)).toEqual(['BPBD', 'DINSOS']);
  });

  it('never offers to release the command (BPBD) itself', () => {
    expect(releasableAgencies(incident).map((a) => a.code)).toEqual(['DINSOS']);
  });

  it('mobilises active OPDs not at work, a released one again included', () => {
    const all = [
      agency('DPUPR', 'Dinas Pekerjaan Umum'),
      agency('DINSOS', 'Dinas Sosial'),
      agency('DINKES', 'Dinas Kesehatan'),
      agency('LAMA', 'Dinas yang dibubarkan', false),
    ];
    expect(agenciesToMobilise(all, incident).map((a) => a.code)).toEqual(['DINKES', 'DPUPR']);
  });
});
