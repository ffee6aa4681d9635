import { useQuery } from '@tanstack/react-query';
import { CommentThread } from '../../comments/CommentThread';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import type { IncidentDashboard } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { may } from '../../auth/permissions';
import { QueryState } from '../../components/QueryState';
import { CommandPanel } from './CommandPanel';
import { IncidentHeader } from './IncidentHeader';
import { useKecamatanNames } from './IncidentsPage';
import { MobilisationPanel } from './MobilisationPanel';
import { ResourceRequestsPanel } from './ResourceRequestsPanel';
import { SitrepCorrectionPanel } from './SitrepCorrectionPanel';
import { SitrepRollupPanel } from './SitrepRollupPanel';
import { StatusHistory, StatusPanel } from './StatusPanel';
import { TimelinePanel } from './TimelinePanel';

/** The incident dashboard (GET /incidents/:id); notifications link here as /incidents/<id>. */
export function IncidentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const incident = useQuery({
    queryKey: ['incident', id],
    queryFn: () => api<IncidentDashboard>(`/incidents/${id}`),
    // Acknowledgements and sitreps arrive in minutes: an open incident stays fresh.
    refetchInterval: (q) => (q.state.data?.status === 'CLOSED' ? false : 5_000),
  });
  if (incident.error instanceof ApiError && (incident.error.isNotAllowed || incident.error.status === 400)) {
    return (
      <section className="notice notice-warning">
        <h1>{t('notFound.title')}</h1>
        <p>
          <Link to="/incidents">{t('incident.back')}</Link>
        </p>
      </section>
    );
  }
  return <QueryState query={incident}>{(data) => <IncidentView incident={data} />}</QueryState>;
}

/** The dashboard of one incident, composed of its panels. */
function IncidentView({ incident }: { incident: IncidentDashboard }) {
  const user = useUser();
  const names = useKecamatanNames();
  const mobilised = incident.agencies.some((a) => a.code === user.agencyCode && !a.releasedAt);
  const open = incident.status !== 'CLOSED';
  return (
    <>
      <IncidentHeader incident={incident} names={names} />
      {open && may.commandIncidents(user) && <StatusPanel incident={incident} />}
      {open && may.commandIncidents(user) && <CommandPanel incident={incident} />}
      <MobilisationPanel agencies={incident.agencies} />
      <SitrepRollupPanel incident={incident} names={names} mayResolve={open && may.commandIncidents(user)} />
      {open && mobilised && may.requestResources(user) && (
        <SitrepCorrectionPanel incidentId={incident.id} agencyCode={user.agencyCode} />
      )}
      <ResourceRequestsPanel
        incident={incident}
        mayRequest={open && mobilised && may.requestResources(user)}
      />
      <StatusHistory incident={incident} />
      <TimelinePanel incident={incident} />
      <CommentThread subject="incidents" id={incident.id} />
    </>
  );
}
