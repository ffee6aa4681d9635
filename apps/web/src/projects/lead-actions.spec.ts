import type { Agency, ProjectStep } from '../api/types';
import { agenciesToAdd, reassignableSteps, reassignTargets } from './lead-actions';

const agency = (code: string, name: string): Agency => ({
  id: code,
  code,
  name,
  kind: 'DINAS',
  areaCode: null,
  active: true,
});
const step = (key: string, status: ProjectStep['status'], withTask = true): ProjectStep => ({
  key,
  title: key,
  dependsOn: [],
  plannedAgency: 'DINSOS',
  sla: { amount: 1, unit: 'days' },
  status,
  late: false,
  task:
    withTask && status !== 'WAITING' && status !== 'NOT_STARTED'
      ? {
          id: `t-${key}`,
          stepKey: key,
          title: key,
          status,
          createdAt: '2026-11-20T01:00:00Z',
          dueAt: '2026-11-23T01:00:00Z',
          escalationLevel: 0,
          reassignmentCount: 0,
          completedAt: null,
          agency: { code: 'DINSOS', name: 'Dinas Sosial' },
        }
      : null,
});

describe('lead actions on a running project', () => {
  it('moves only tasks still with their OPD (not submitted, finished or not yet started)', () => {
    const steps = [
      step('a', 'ASSIGNED'),
      step('b', 'CLAIMED'),
      step('c', 'RETURNED'),
      step('d', 'SUBMITTED'),
      step('e', 'COMPLETED'),
      step('f', 'WAITING'),
    ];
    expect(reassignableSteps(steps).map((s) => s.key)).toEqual(['a', 'b', 'c']);
  });

  it('offers every other OPD as a target, and only OPDs not taking part to add, by name', () => {
    const all = [
      agency('DINSOS', 'Dinas Sosial'),
      agency('DINKES', 'Dinas Kesehatan'),
      agency('BPBD', 'Badan Bencana'),
    ];
    expect(reassignTargets(all, 'DINSOS').map((a) => a.code)).toEqual(['BPBD', 'DINKES']);
    const participants = [
      { addedAt: '2026-11-22T00:00:00Z', agency: { code: 'DINKES', name: 'Dinas Kesehatan' } },
    ];
    expect(agenciesToAdd(all, { participants }).map((a) => a.code)).toEqual(['BPBD', 'DINSOS']);
  });
});
