import { Layout } from '../components/layout';
import type { Locale } from '../i18n/locale';

export function NotFoundPage({ locale, path }: { locale: Locale; path: string }) {
  const t = locale.t.site;
  return (
    <Layout locale={locale} title={t.notFoundTitle} path={path}>
      <h1>{t.notFoundTitle}</h1>
      <p>
        {t.notFoundBody} <a href="/">{t.home}</a>
      </p>
    </Layout>
  );
}
