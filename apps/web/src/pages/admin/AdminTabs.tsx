import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useUser } from '../../auth/AuthProvider';
import { may } from '../../auth/permissions';

/** The admin pages' tabs: OPDs (ADMIN), accounts, bulk import. */
export function AdminTabs() {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <nav className="filters" aria-label={t('admin.tabs')}>
      {may.manageAgencies(user.role) && <NavLink to="/admin/agencies">{t('admin.agenciesTitle')}</NavLink>}
      <NavLink to="/admin/users" end>
        {user.role === 'ADMIN' ? t('admin.usersTitle') : t('admin.staffTitle')}
      </NavLink>
      <NavLink to="/admin/users/import">{t('admin.importTitle')}</NavLink>
    </nav>
  );
}
