/**
 * The planning screens' calls (GET /planning/…) as react-query hooks, and who the signed-in user is to the
 * planning rules (libs/domain/src/planning/access.ts, the same rules the API asks).
 */
import { useQuery } from '@tanstack/react-query';
import type { PlanningCaller } from '@gotong/domain/planning/access';
import { api } from '../api/client';
import type { Agency } from '../api/types';
import { useUser } from '../auth/AuthProvider';
import type { PlanningTopicView, PlanningYear } from './planning-model';

export function useYears() {
  return useQuery({ queryKey: ['planning', 'years'], queryFn: () => api<PlanningYear[]>('/planning/years') });
}

export function useYear(year: number) {
  return useQuery({
    queryKey: ['planning', 'years', year],
    queryFn: () => api<PlanningYear>(`/planning/years/${year}`),
  });
}

export function useTopics() {
  return useQuery({
    queryKey: ['planning', 'topics'],
    queryFn: () => api<PlanningTopicView[]>('/planning/topics'),
    staleTime: Infinity,
  });
}

export function useAgencies() {
  return useQuery({ queryKey: ['agencies'], queryFn: () => api<Agency[]>('/agencies') });
}

/**
 * The user as the planning rules see them: role, OPD, and the kecamatan of a kecamatan office (from GET
 * /agencies; null until it has answered, or for any other OPD).
 */
export function usePlanningCaller(): PlanningCaller {
  const user = useUser();
  const agencies = useAgencies();
  const own = agencies.data?.find((a) => a.code === user.agencyCode);
  return {
    role: user.role,
    agencyCode: user.agencyCode,
    kecamatanAreaCode: own?.kind === 'KECAMATAN' ? (own.areaCode ?? null) : null,
  };
}

/** The plan year in the route (/planning/:year), or null when it is not a whole number. */
export function yearParam(text: string | undefined): number | null {
  return text !== undefined && /^\d{4}$/.test(text) ? Number(text) : null;
}
