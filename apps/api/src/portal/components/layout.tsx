/**
 * Every portal page's frame: language, skip link, header with the language switch, the main
 * region the live script refreshes, and the footer. Rendered on the server: the page reads
 * complete without JavaScript; `/portal.js` only keeps it live.
 */
import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { Locale } from '../i18n/locale';
import { PageContext } from './page-context';

export interface PageFrame {
  locale: Locale;
  /** The page's own title; the site's name follows it in the tab. */
  title: string;
  /** The page's path without query, for the language switch and the canonical link. */
  path: string;
  /** The SSE stream whose changes refresh this page (`/api/live/…`), if any. */
  live?: string;
  /** Atom feeds of the page's subject, for feed readers' autodiscovery. */
  feeds?: { title: string; href: string }[];
  description?: string;
  children: ComponentChildren;
}

export function Layout(frame: PageFrame) {
  const { locale, title, path, live, feeds = [], description } = frame;
  const t = locale.t.site;
  const other = locale.otherLang();
  const { replayAt } = useContext(PageContext);
  return (
    <html lang={locale.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t.name}`}</title>
        {description ? <meta name="description" content={description} /> : null}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/portal.css" />
        <link rel="alternate" hrefLang={other} href={`${path}?lang=${other}`} />
        {feeds.map((feed) => (
          <link rel="alternate" type="application/atom+xml" title={feed.title} href={feed.href} />
        ))}
        <script src="/portal.js" defer />
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skipToContent}
        </a>
        <header class="site">
          <div class="wrap">
            <a class="brand" href="/">
              <span class="brand-name">{t.name}</span>
              <span class="brand-tagline">{t.tagline}</span>
            </a>
            <nav aria-label={t.nav}>
              <ul>
                <li>
                  <a href="/">{t.home}</a>
                </li>
                <li>
                  <a href="/api/open-data/datapackage.json">{t.openData}</a>
                </li>
                <li>
                  <a href="/docs">{t.api}</a>
                </li>
                <li>
                  <a href="/trabajo">{t.myWork}</a>
                </li>
                <li>
                  <LanguageSwitch locale={locale} path={path} />
                </li>
              </ul>
            </nav>
          </div>
        </header>
        {replayAt ? (
          <div class="replay-banner" role="note">
            <div class="wrap">
              <strong>{t.replayTitle}</strong> {t.replayBody(locale.dateTime(replayAt))}
            </div>
          </div>
        ) : null}
        <main id="main" class="wrap" tabIndex={-1} data-live={live}>
          {frame.children}
        </main>
        <footer class="site">
          <div class="wrap">
            <p>{t.footer}</p>
            {live ? <p class="muted">{t.live}</p> : null}
            <p id="live-status" class="muted" role="status" data-updated={t.updated} />
          </div>
        </footer>
      </body>
    </html>
  );
}

/**
 * The header's link to the page in the other language; `path` may carry a query (the
 * workspace's forms), which the link keeps.
 */
export function LanguageSwitch({ locale, path }: { locale: Locale; path: string }) {
  const t = locale.t.site;
  const other = locale.otherLang();
  return (
    <a
      href={`${path}${path.includes('?') ? '&' : '?'}lang=${other}`}
      hrefLang={other}
      lang={other}
      aria-label={t.switchLanguageLabel}
    >
      {t.switchLanguage}
    </a>
  );
}
