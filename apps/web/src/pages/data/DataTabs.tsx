import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useUser } from '../../auth/AuthProvider';
import { may } from '../../auth/permissions';

/** The one-door data pages, one menu: published figures, catalogue, requests, conflicts, recurring collections, overview. */
export function DataTabs() {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <nav className="sub-nav" aria-label={t('dataNav.label')}>
      <ul>
        <li>
          <NavLink to="/data" end>
            {t('dataNav.published')}
          </NavLink>
        </li>
        <li>
          <NavLink to="/data/indicators">{t('dataNav.indicators')}</NavLink>
        </li>
        <li>
          <NavLink to="/data/requests">{t('dataNav.requests')}</NavLink>
        </li>
        <li>
          <NavLink to="/data/conflicts">{t('dataNav.conflicts')}</NavLink>
        </li>
        {may.requestData(user.role) && (
          <li>
            <NavLink to="/data/collections">{t('dataNav.collections')}</NavLink>
          </li>
        )}
        {may.seeDataOverview(user.role) && (
          <li>
            <NavLink to="/data/overview">{t('dataNav.overview')}</NavLink>
          </li>
        )}
      </ul>
    </nav>
  );
}
