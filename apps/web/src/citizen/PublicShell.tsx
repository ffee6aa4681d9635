import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useCitizenTexts } from './texts';
import './citizen.css';

/**
 * The frame of the pages citizens open without signing in (Lapor, Lacak laporan, Transparansi): the name, the
 * public pages, the language and a sign-in link for staff. Phone first: the links wrap under the name; a form
 * page stays narrow, a table page (`wide`) takes the width.
 */
export function PublicShell({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const texts = useCitizenTexts();
  return (
    <>
      <a className="skip-link" href="#main">
        {texts.shell.links}
      </a>
      <header className="site-header public-header">
        <div className="brand">
          <span className="brand-name">Gotong</span>
          <span className="brand-tagline">{texts.shell.tagline}</span>
        </div>
        <div className="header-tools">
          <LanguageSwitch />
          <Link className="button button-secondary" to="/login">
            {texts.shell.signIn}
          </Link>
        </div>
      </header>
      <nav className="public-nav" aria-label={texts.shell.links}>
        <ul>
          <li>
            <NavLink to="/lapor" end>
              {texts.shell.report}
            </NavLink>
          </li>
          <li>
            <NavLink to="/lapor/lacak">{texts.shell.track}</NavLink>
          </li>
          <li>
            <NavLink to="/transparansi">{texts.shell.transparency}</NavLink>
          </li>
          <li>
            <NavLink to="/data-publik">{texts.shell.data}</NavLink>
          </li>
        </ul>
      </nav>
      <main id="main" tabIndex={-1} className={wide ? 'public-main public-wide' : 'public-main'}>
        {children}
      </main>
    </>
  );
}
