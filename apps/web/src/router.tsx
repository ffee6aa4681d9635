import { createBrowserRouter } from 'react-router';
import { Layout } from './components/Layout';
import { HomeRedirect } from './pages/HomeRedirect';
import { InboxPage } from './pages/inbox/InboxPage';
import { TaskPage } from './pages/inbox/TaskPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PublishedDataPage } from './pages/data/PublishedDataPage';
import { EscalationsPage } from './pages/leadership/EscalationsPage';
import { NewProjectPage } from './pages/projects/NewProjectPage';
import { ProjectPage } from './pages/projects/ProjectPage';
import { ProjectsPage } from './pages/projects/ProjectsPage';

/**
 * Routes under /app (the API serves the app there). They match the links the notifier writes into
 * notifications and emails: /tasks/<id>, /projects/<id>, /leadership, /tasks?overdue=true.
 */
export const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    {
      element: <Layout />,
      children: [
        { index: true, element: <HomeRedirect /> },
        { path: 'tasks', element: <InboxPage /> },
        { path: 'tasks/:id', element: <TaskPage /> },
        { path: 'projects', element: <ProjectsPage /> },
        { path: 'projects/new', element: <NewProjectPage /> },
        { path: 'projects/:id', element: <ProjectPage /> },
        { path: 'leadership', element: <EscalationsPage /> },
        {
          // The chart library is only loaded by those who open the scorecards.
          path: 'leadership/scorecards',
          lazy: async () => ({
            Component: (await import('./pages/leadership/ScorecardsPage')).ScorecardsPage,
          }),
        },
        { path: 'data', element: <PublishedDataPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/app' },
);
