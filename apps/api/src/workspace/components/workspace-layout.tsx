/**
 * Every workspace page's frame: like the portal's (skip link, header, main, footer), with the
 * person who is signed in (role, organization) and the sign-out form, and `/workspace.js` as
 * its only script. The footer's status line is the polite live region the script speaks in.
 */
import type { ComponentChildren } from 'preact';
import { LanguageSwitch } from '../../portal/components/layout';
import type { Locale } from '../../portal/i18n/locale';
import { WORKSPACE_EN, WORKSPACE_ES, type WorkspaceMessages } from '../workspace.messages';
import type { PersonRole } from '@hitos/domain';

export interface Person {
  role: PersonRole;
  /** The institution's or organization's name, for those roles. */
  organization: string | null;
  /** The person's name as the identity provider gave it (none for a development token). */
  name: string | null;
}

export const workspaceWords = (locale: Locale): WorkspaceMessages =>
  locale.lang === 'en' ? WORKSPACE_EN : WORKSPACE_ES;

export interface WorkspaceFrame {
  locale: Locale;
  title: string;
  /** The page's path and query (without `lang`), for the language switch. */
  path: string;
  person: Person;
  /** The `hitos_csrf` cookie's value, for the sign-out form; empty without one. */
  csrf: string;
  children: ComponentChildren;
}

export function WorkspaceLayout(frame: WorkspaceFrame) {
  const { locale, title, path, person, csrf } = frame;
  const t = locale.t.site;
  const w = workspaceWords(locale);
  return (
    <html lang={locale.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} · ${t.name}`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/portal.css" />
        <script src="/workspace.js" defer />
      </head>
      <body class="workspace">
        <a class="skip" href="#main">
          {t.skipToContent}
        </a>
        <header class="site">
          <div class="wrap">
            <a class="brand" href="/trabajo">
              <span class="brand-name">{t.name}</span>
              <span class="brand-tagline">{w.title}</span>
            </a>
            <nav aria-label={t.nav}>
              <ul>
                <li>
                  <a href="/trabajo">{w.title}</a>
                </li>
                <li>
                  <a href="/">{t.home}</a>
                </li>
                <li>
                  <LanguageSwitch locale={locale} path={path} />
                </li>
              </ul>
            </nav>
            <div class="person">
              <p>
                <span class="sr-only">{w.signedInAs} </span>
                {person.name ? <span class="person-name">{person.name} · </span> : null}
                <strong data-role={person.role}>{w.roles[person.role]}</strong>
                {person.organization ? <span> · {person.organization}</span> : null}
              </p>
              <form method="post" action="/auth/logout" class="sign-out">
                <input type="hidden" name="_csrf" value={csrf} />
                <button type="submit">{w.signOut}</button>
              </form>
            </div>
          </div>
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {frame.children}
        </main>
        <footer class="site">
          <div class="wrap">
            <p>{t.footer}</p>
            <p id="live-status" class="muted" role="status" />
          </div>
        </footer>
      </body>
    </html>
  );
}
