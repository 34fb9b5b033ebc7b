/**
 * The few pages of signing in that hitos itself renders, in the portal's frame: the
 * development provider's form (only when it runs), the choice of role for a person who holds
 * several grants, and a failed sign-in. Spanish first, like the portal.
 */
import type { GrantState } from '@hitos/domain';
import { Layout } from '../../portal/components/layout';
import type { Lang, Locale } from '../../portal/i18n/locale';
import { CSRF_FIELD } from '../credentials';
import { DEV_PASSWORD, DEV_PEOPLE } from './dev-people';

const TEXT = {
  es: {
    devTitle: 'Iniciar sesión (proveedor de desarrollo)',
    devIntro:
      'Este es el proveedor de identidad de desarrollo que hitos trae para la demostración. En producción, aquí aparece el del Estado.',
    people: 'Personas de la demostración',
    password: (p: string) => `La contraseña de todas es «${p}».`,
    login: 'Usuario',
    passwordLabel: 'Contraseña',
    submit: 'Entrar',
    badLogin: 'No hay una persona de la demostración con ese usuario.',
    badPassword: 'La contraseña no es correcta.',
    errorSummary: 'Revise el formulario:',
    chooseTitle: '¿En nombre de quién actúa?',
    chooseIntro: 'Tiene más de un rol otorgado. Elija con cuál actuar; puede cambiarlo luego.',
    choose: 'Actuar con este rol',
    noGrants:
      'Inició sesión, pero no tiene roles otorgados vigentes: puede leer lo público. La Presidencia otorga los roles.',
    failedTitle: 'No se pudo iniciar sesión',
    failedRetry: 'Intentar de nuevo',
    unavailable:
      'No hay un proveedor de identidad configurado (HITOS_OIDC_ISSUER, HITOS_OIDC_CLIENT_ID, HITOS_OIDC_CLIENT_SECRET).',
    role: {
      institution: 'Institución',
      counterpart: 'Contraparte',
      'core-group': 'Grupo Núcleo',
      presidency: 'Presidencia',
      auditor: 'Auditoría',
    },
  },
  en: {
    devTitle: 'Sign in (development provider)',
    devIntro:
      'This is the development identity provider hitos ships for the demo. In production, the government’s own appears here.',
    people: 'The demo’s people',
    password: (p: string) => `Their password is “${p}”.`,
    login: 'Username',
    passwordLabel: 'Password',
    submit: 'Sign in',
    badLogin: 'No person of the demo has that username.',
    badPassword: 'The password is not correct.',
    errorSummary: 'Please check the form:',
    chooseTitle: 'On whose behalf do you act?',
    chooseIntro: 'You hold more than one role. Choose which to act in; you can change it later.',
    choose: 'Act in this role',
    noGrants:
      'You are signed in, but hold no active role: you can read what is public. The Presidency grants roles.',
    failedTitle: 'Sign-in failed',
    failedRetry: 'Try again',
    unavailable:
      'No identity provider is configured (HITOS_OIDC_ISSUER, HITOS_OIDC_CLIENT_ID, HITOS_OIDC_CLIENT_SECRET).',
    role: {
      institution: 'Institution',
      counterpart: 'Counterpart',
      'core-group': 'Core Group',
      presidency: 'Presidency',
      auditor: 'Auditor',
    },
  },
} as const;

export const signInText = (lang: Lang) => TEXT[lang];

export interface DevSignInForm {
  action: string;
  login: string;
  error: { field: 'login' | 'password'; message: string } | null;
}

export function DevSignInPage({ locale, form }: { locale: Locale; form: DevSignInForm }) {
  const t = TEXT[locale.lang];
  const invalid = (field: string) => (form.error?.field === field ? true : undefined);
  const describedBy = (field: string) =>
    form.error?.field === field ? `${field}-error` : undefined;
  return (
    <Layout locale={locale} title={t.devTitle} path={form.action}>
      <h1>{t.devTitle}</h1>
      <p>{t.devIntro}</p>
      {form.error ? (
        <div class="error-summary" role="alert">
          <p>{t.errorSummary}</p>
          <ul>
            <li>
              <a href={`#${form.error.field}`}>{form.error.message}</a>
            </li>
          </ul>
        </div>
      ) : null}
      <form method="post" action={form.action} class="form">
        <div class="field">
          <label for="login">{t.login}</label>
          <input
            id="login"
            name="login"
            type="text"
            autoComplete="username"
            required
            value={form.login}
            aria-invalid={invalid('login')}
            aria-describedby={describedBy('login')}
          />
          {form.error?.field === 'login' ? (
            <p id="login-error" class="field-error">
              {form.error.message}
            </p>
          ) : null}
        </div>
        <div class="field">
          <label for="password">{t.passwordLabel}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={invalid('password')}
            aria-describedby={describedBy('password')}
          />
          {form.error?.field === 'password' ? (
            <p id="password-error" class="field-error">
              {form.error.message}
            </p>
          ) : null}
        </div>
        <button type="submit">{t.submit}</button>
      </form>
      <h2>{t.people}</h2>
      <p>{t.password(DEV_PASSWORD)}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.login}</th>
            <th scope="col">{locale.lang === 'es' ? 'Nombre' : 'Name'}</th>
            <th scope="col">{locale.lang === 'es' ? 'Cargo' : 'Position'}</th>
          </tr>
        </thead>
        <tbody>
          {DEV_PEOPLE.map((person) => (
            <tr>
              <td>
                <code>{person.login}</code>
              </td>
              <td>{person.name}</td>
              <td>{person.position[locale.lang]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

export interface ChooseRoleData {
  grants: GrantState[];
  /** An institution's, organization's or plan's name by its id, for the choices' labels. */
  nameOf: (id: string) => string;
  csrf: string;
  returnTo: string;
}

export function ChooseRolePage({ locale, data }: { locale: Locale; data: ChooseRoleData }) {
  const t = TEXT[locale.lang];
  return (
    <Layout locale={locale} title={t.chooseTitle} path="/auth/rol">
      <h1>{t.chooseTitle}</h1>
      {data.grants.length === 0 ? (
        <p>{t.noGrants}</p>
      ) : (
        <>
          <p>{t.chooseIntro}</p>
          <ul class="choices">
            {data.grants.map((grant) => {
              const scope = grant.organizationId ?? grant.planId;
              return (
                <li>
                  <form method="post" action="/auth/acting-as">
                    <input type="hidden" name={CSRF_FIELD} value={data.csrf} />
                    <input type="hidden" name="grantId" value={grant.grantId} />
                    <input type="hidden" name="returnTo" value={data.returnTo} />
                    <button type="submit">
                      {t.role[grant.role]}
                      {scope ? ` · ${data.nameOf(scope)}` : ''}
                    </button>
                  </form>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </Layout>
  );
}

export function SignInFailedPage({ locale, detail }: { locale: Locale; detail: string }) {
  const t = TEXT[locale.lang];
  return (
    <Layout locale={locale} title={t.failedTitle} path="/auth/login">
      <h1>{t.failedTitle}</h1>
      <p role="alert">{detail}</p>
      <p>
        <a href="/auth/login">{t.failedRetry}</a>
      </p>
    </Layout>
  );
}
