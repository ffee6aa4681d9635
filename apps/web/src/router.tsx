import { createBrowserRouter } from 'react-router';
import { Layout } from './components/Layout';
import { ChangePasswordPage } from './pages/account/ChangePasswordPage';
import { ActingPage } from './pages/acting/ActingPage';
import { AgenciesPage } from './pages/admin/AgenciesPage';
import { DeliveriesPage } from './pages/admin/DeliveriesPage';
import { ImportPage } from './pages/admin/ImportPage';
import { UsersPage } from './pages/admin/UsersPage';
import { CalendarPage } from './pages/calendar/CalendarPage';
import { HomeRedirect } from './pages/HomeRedirect';
import { TemplateEditorPage } from './pages/templates/TemplateEditorPage';
import { InboxPage } from './pages/inbox/InboxPage';
import { ReviewsPage } from './pages/inbox/ReviewsPage';
import { TaskPage } from './pages/inbox/TaskPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ConflictsPage } from './pages/data/ConflictsPage';
import { DataCollectionPage, DataCollectionsPage } from './pages/data/DataCollectionsPage';
import { DataOverviewPage } from './pages/data/DataOverviewPage';
import { DataRequestsPage } from './pages/data/DataRequestsPage';
import { IndicatorPage, IndicatorsPage } from './pages/data/IndicatorsPage';
import { PublishedDataPage } from './pages/data/PublishedDataPage';
import { DeclareIncidentPage } from './pages/emergency/DeclareIncidentPage';
import { IncidentsPage } from './pages/emergency/IncidentsPage';
import { NotificationsPage } from './pages/settings/NotificationsPage';
import { SettingsPage } from './pages/settings/SettingsPage';
import { EscalationsPage } from './pages/leadership/EscalationsPage';
import { LeadershipHomePage } from './pages/leadership/LeadershipHomePage';
import { NewProjectPage } from './pages/projects/NewProjectPage';
import { ProjectPage } from './pages/projects/ProjectPage';
import { ProjectsPage } from './pages/projects/ProjectsPage';
import { DeskListPage } from './citizen/DeskListPage'; // #18 citizen
import { DeskReportPage } from './citizen/DeskReportPage'; // #18 citizen
import { PlanningOverviewPage } from './planning/PlanningOverviewPage';
import { PlanningYearPage } from './planning/PlanningYearPage';
import { PlanningYearsPage } from './planning/PlanningYearsPage';
import { ProposalFormPage } from './planning/ProposalFormPage';
import { ProposalPage } from './planning/ProposalPage';
import { NewPolicyDraftPage } from './policy/NewPolicyDraftPage'; // #18 policy
import { PolicyDraftPage } from './policy/PolicyDraftPage'; // #18 policy
import { PolicyDraftsPage } from './policy/PolicyDraftsPage'; // #18 policy

/**
 * Routes under /app (the API serves the app there). They match the links the notifier writes into
 * notifications and emails: /tasks/<id>, /projects/<id>, /incidents/<id>, /leadership, /tasks?overdue=true.
 */
export const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    {
      // Open data without signing in; the chart library is loaded only here (and on the scorecards).
      path: '/data-publik',
      lazy: async () => ({ Component: (await import('./pages/data/PublicDataPage')).PublicDataPage }),
    },
    // #18 citizen: the citizen door and the transparency page, without signing in.
    { path: '/lapor', lazy: async () => ({ Component: (await import('./citizen/ReportPage')).ReportPage }) },
    {
      path: '/lapor/lacak/:trackingNumber?',
      lazy: async () => ({ Component: (await import('./citizen/TrackPage')).TrackPage }),
    },
    {
      path: '/transparansi',
      lazy: async () => ({
        Component: (await import('./transparency/TransparencyPage')).TransparencyPage,
      }),
    },
    {
      element: <Layout />,
      children: [
        { index: true, element: <HomeRedirect /> },
        { path: 'tasks', element: <InboxPage /> },
        { path: 'tasks/:id', element: <TaskPage /> },
        { path: 'reviews', element: <ReviewsPage /> },
        { path: 'projects', element: <ProjectsPage /> },
        { path: 'projects/new', element: <NewProjectPage /> },
        { path: 'projects/:id', element: <ProjectPage /> },
        { path: 'leadership', element: <EscalationsPage /> },
        { path: 'leadership/home', element: <LeadershipHomePage /> },
        {
          // The chart library is only loaded by those who open the scorecards.
          path: 'leadership/scorecards',
          lazy: async () => ({
            Component: (await import('./pages/leadership/ScorecardsPage')).ScorecardsPage,
          }),
        },
        { path: 'data', element: <PublishedDataPage /> },
        { path: 'data/indicators', element: <IndicatorsPage /> },
        { path: 'data/indicators/:code', element: <IndicatorPage /> },
        { path: 'data/requests', element: <DataRequestsPage /> },
        { path: 'data/conflicts', element: <ConflictsPage /> },
        { path: 'data/collections', element: <DataCollectionsPage /> },
        { path: 'data/collections/:id', element: <DataCollectionPage /> },
        { path: 'data/overview', element: <DataOverviewPage /> },
        { path: 'incidents', element: <IncidentsPage /> },
        { path: 'incidents/new', element: <DeclareIncidentPage /> },
        {
          // The dashboard draws the roll-up chart: recharts is loaded only there.
          path: 'incidents/:id',
          lazy: async () => ({
            Component: (await import('./pages/emergency/IncidentPage')).IncidentPage,
          }),
        },
        { path: 'notifications', element: <NotificationsPage /> },
        { path: 'settings', element: <SettingsPage /> },
        { path: 'account/password', element: <ChangePasswordPage /> },
        { path: 'admin/agencies', element: <AgenciesPage /> },
        { path: 'admin/users', element: <UsersPage /> },
        { path: 'admin/users/import', element: <ImportPage /> },
        { path: 'admin/deliveries', element: <DeliveriesPage /> },
        { path: 'calendar', element: <CalendarPage /> },
        { path: 'templates/new', element: <TemplateEditorPage /> },
        { path: 'acting', element: <ActingPage /> },
        { path: 'citizen-reports', element: <DeskListPage /> }, // #18 citizen
        { path: 'citizen-reports/:id', element: <DeskReportPage /> }, // #18 citizen
        { path: 'planning', element: <PlanningYearsPage /> },
        { path: 'planning/:year', element: <PlanningYearPage /> },
        { path: 'planning/:year/proposals/new', element: <ProposalFormPage /> },
        { path: 'planning/:year/proposals/:id', element: <ProposalPage /> },
        { path: 'planning/:year/overview', element: <PlanningOverviewPage /> },
        { path: 'policy', element: <PolicyDraftsPage /> }, // #18 policy
        { path: 'policy/new', element: <NewPolicyDraftPage /> }, // #18 policy
        { path: 'policy/:id', element: <PolicyDraftPage /> }, // #18 policy
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/app' },
);
