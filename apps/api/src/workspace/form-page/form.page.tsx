/** A form page: `/trabajo/:formId`, the declared form for the person's role. */
import { Layout } from '../../portal/components/layout';
import type { Locale } from '../../portal/i18n/locale';
import type { FormDeclaration } from '../forms/form-declaration';
import { WorkspaceForm } from '../components/form.component';
import { WorkspaceLayout, workspaceWords, type Person } from '../components/workspace-layout';

export interface FormPageProps {
  locale: Locale;
  path: string;
  person: Person;
  csrf: string;
  form: FormDeclaration;
  values: Record<string, string>;
  idempotencyKey: string;
}

export function FormPage(props: FormPageProps) {
  const { locale, form } = props;
  const w = workspaceWords(locale);
  const title = form.title[locale.lang];
  return (
    <WorkspaceLayout
      locale={locale}
      title={title}
      path={props.path}
      person={props.person}
      csrf={props.csrf}
    >
      <p class="muted">
        <a href="/trabajo">{w.form.back}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{form.intro[locale.lang]}</p>
      <WorkspaceForm
        locale={locale}
        form={form}
        values={props.values}
        idempotencyKey={props.idempotencyKey}
      />
    </WorkspaceLayout>
  );
}

/** A form that does not exist, or that the person's role may not send. */
export function FormMissingPage(props: {
  locale: Locale;
  path: string;
  person: Person;
  csrf: string;
  notAllowed: boolean;
}) {
  const w = workspaceWords(props.locale);
  const message = props.notAllowed ? w.form.notAllowed : w.notFound;
  return (
    <WorkspaceLayout
      locale={props.locale}
      title={message}
      path={props.path}
      person={props.person}
      csrf={props.csrf}
    >
      <h1>{message}</h1>
      <p>
        <a href="/trabajo">{w.form.back}</a>
      </p>
    </WorkspaceLayout>
  );
}

/**
 * A person signed in without an active grant of their role: no workspace, only the portal.
 * Not framed with a person (there is none to act as), with the portal's own frame.
 */
export function NoGrantPage(props: { locale: Locale; path: string }) {
  const w = workspaceWords(props.locale);
  return (
    <Layout locale={props.locale} title={w.noGrantTitle} path={props.path}>
      <h1>{w.noGrantTitle}</h1>
      <p>{w.noGrantBody}</p>
      <p>
        <a href="/">{props.locale.t.site.home}</a>
      </p>
    </Layout>
  );
}
