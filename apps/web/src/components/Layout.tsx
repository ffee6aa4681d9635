import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { actorsOf, seesActingPage, useMyActing } from '../acting/acting';
import { useAuth } from '../auth/AuthProvider';
import { may } from '../auth/permissions';
import { useClaimsText } from '../tasks/claims-text';
import { useLeadershipTexts } from '../leadership/texts';
import { useCitizenTexts } from '../citizen/texts';
import { usePlanningTexts } from '../planning/texts';
import { usePolicyTexts } from '../policy/texts'; // #18 policy
import { useNotificationStream } from '../notifications/useNotifications';
import { ActingBanner } from './ActingBanner';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from './NotificationBell';
import { StartedWarnings } from './UncoveredWarning';

/**
 * Every signed-in page: header (who, OPD, role, language, bell, change password, sign out), menu, content.
 * On a phone (styles.css, up to 640 px) the header is one row (name, bell, a menu button) and the button
 * opens the menu and the account tools; following a link closes them again.
 */
export function Layout() {
  const { user, token, logout } = useAuth();
  const { t } = useTranslation();
  const claimsText = useClaimsText();
  const leadershipTexts = useLeadershipTexts();
  const citizenTexts = useCitizenTexts();
  const planningTexts = usePlanningTexts();
  const policyTexts = usePolicyTexts(); // #18 policy
  const location = useLocation();
  const [menuOpenAt, setMenuOpenAt] = useState<string | null>(null);
  // Open only on the page where it was opened: any navigation closes it.
  const menuOpen = menuOpenAt === location.key;
  // A one-time password allows nothing but choosing one's own (the API answers 403 to everything else).
  const mustChangePassword = user?.mustChangePassword === true;
  useNotificationStream(mustChangePassword ? null : token);
  // A Plt./Plh. also gets the menus of the post they stand in for (e.g. the escalation board).
  const acting = useMyActing();
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (mustChangePassword) {
    // The page the user came for would only answer 403: they land on the password page and stay there.
    if (location.pathname !== '/account/password') return <Navigate to="/account/password" replace />;
    return (
      <>
        <header className="site-header">
          <div className="brand">
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-tagline">{t('app.tagline')}</span>
          </div>
          <div className="header-tools">
            <LanguageSwitch />
            <button type="button" className="button-secondary" onClick={logout}>
              {t('header.logout')}
            </button>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <p className="notice notice-warning" role="status">
            {t('admin.chooseOwnPassword', { username: user.username })}
          </p>
          <Outlet />
        </main>
      </>
    );
  }
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className={menuOpen ? 'site-header has-menu menu-open' : 'site-header has-menu'}>
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="site-menu header-tools"
          onClick={() => setMenuOpenAt(menuOpen ? null : location.key)}
        >
          <span aria-hidden="true">{menuOpen ? '✕' : '☰'}</span> {t('nav.menu')}
        </button>
        <div className="header-tools" id="header-tools">
          <section className="who" aria-label={t('header.user')}>
            <span className="who-name">{user.fullName}</span>
            <span className="who-meta">
              {user.agencyName} ({user.agencyCode}) · {t(`roles.${user.role}`)}
            </span>
          </section>
          <LanguageSwitch />
          <NotificationBell />
          <Link className="header-link" to="/account/password">
            {t('header.changePassword')}
          </Link>
          <button type="button" className="button-secondary logout-button" onClick={logout}>
            {t('header.logout')}
          </button>
        </div>
      </header>
      <nav
        id="site-menu"
        className={menuOpen ? 'site-nav menu-open' : 'site-nav'}
        aria-label={t('nav.label')}
      >
        <ul>
          {may.seeInbox(user.role) && <MenuLink to="/tasks" label={t('nav.inbox')} />}
          {may.startProject(user.role) && <MenuLink to="/reviews" label={claimsText.nav.reviews} />}
          <MenuLink to="/projects" label={t('nav.projects')} />
          {may.startProject(user.role) && <MenuLink to="/projects/new" label={t('nav.newProject')} />}
          {may.authorTemplates(user.role) && <MenuLink to="/templates/new" label={t('nav.templates')} />}
          {may.seeEscalations(user.role) && (
            <MenuLink to="/leadership/home" label={leadershipTexts.home.title} />
          )}
          {actorsOf(user, acting).some((a) => may.seeEscalations(a.role)) && (
            <MenuLink to="/leadership" label={t('nav.escalations')} end />
          )}
          {may.seeScorecards(user.role) && (
            <MenuLink to="/leadership/scorecards" label={t('nav.scorecards')} />
          )}
          <MenuLink to="/planning" label={planningTexts.nav} />
          <MenuLink to="/policy" label={policyTexts.nav} />
          <MenuLink to="/citizen-reports" label={citizenTexts.nav.desk} />
          <MenuLink to="/incidents" label={t('nav.incidents')} />
          <MenuLink to="/data" label={t('nav.data')} />
          <MenuLink to="/notifications" label={t('nav.notifications')} />
          {may.manageAgencies(user.role) && <MenuLink to="/admin/agencies" label={t('nav.agencies')} />}
          {may.manageUsers(user.role) && (
            <MenuLink to="/admin/users" label={user.role === 'ADMIN' ? t('nav.users') : t('nav.staff')} />
          )}
          {may.manageDeliveries(user.role) && <MenuLink to="/admin/deliveries" label={t('nav.deliveries')} />}
          {may.editCalendar(user.role) && <MenuLink to="/calendar" label={t('nav.calendar')} />}
          {seesActingPage(user.role) && <MenuLink to="/acting" label={t('nav.acting')} />}
          <MenuLink to="/settings" label={t('nav.settings')} />
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <ActingBanner />
        <StartedWarnings />
        <Outlet />
      </main>
    </>
  );
}

function MenuLink({ to, label, end = false }: { to: string; label: string; end?: boolean }) {
  return (
    <li>
      <NavLink to={to} end={end}>
        {label}
      </NavLink>
    </li>
  );
}
