import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { api } from '../api/client';
import { useUser } from '../auth/AuthProvider';
import { homeOf } from '../auth/permissions';

/** The offices that land on the leadership home (Beranda pimpinan) rather than the escalation board. */
const HOME_OFFICES: readonly string[] = ['BUPATI', 'WAKIL_BUPATI', 'SEKDA'];

export function HomeRedirect() {
  const { role } = useUser();
  // The office is not in the session: leadership asks /auth/me which office it holds (a Plt. of the Sekda too).
  const me = useQuery({
    queryKey: ['auth', 'me'],
    queryFn: () => api<{ office?: string | null }>('/auth/me'),
    enabled: role === 'LEADERSHIP',
  });
  if (role !== 'LEADERSHIP') return <Navigate to={homeOf(role)} replace />;
  if (me.isPending) return null;
  const office = me.data?.office ?? null;
  return (
    <Navigate to={office && HOME_OFFICES.includes(office) ? '/leadership/home' : homeOf(role)} replace />
  );
}
