/**
 * The people of the development identity provider (`npm start` with no OIDC provider
 * configured): the demo's five, each the subject the demo's grants name (demo-plan.ts), so that
 * signing in as one acts under the role the Presidency granted them. Illustrative people, not
 * the acta's signatories. Their password is {@link DEV_PASSWORD}; production never runs this.
 */
export interface DevPerson {
  /** What the person types in the development provider's form. */
  login: string;
  /** The subject the provider gives hitos (the `person-<sub>` stream). */
  sub: string;
  name: string;
  /** Who they are, for the sign-in page's list. */
  position: { es: string; en: string };
}

export const DEV_PASSWORD = 'demo';

export const DEV_PEOPLE: readonly DevPerson[] = [
  {
    login: 'mdt',
    sub: 'demo-mdt',
    name: 'Andrea Salazar',
    position: {
      es: 'Directora de Mejora Continua, Ministerio del Trabajo',
      en: 'Director of Continuous Improvement, Ministry of Labour',
    },
  },
  {
    login: 'fae',
    sub: 'demo-fae',
    name: 'Diego Montalvo',
    position: {
      es: 'Director Ejecutivo, Fundación Alianza Estratégica',
      en: 'Executive Director, Fundación Alianza Estratégica',
    },
  },
  {
    login: 'grupo-nucleo',
    sub: 'gn-sociedad-civil',
    name: 'Lucía Andrade',
    position: {
      es: 'Sociedad civil en el Grupo Núcleo',
      en: 'Civil society on the Core Group',
    },
  },
  {
    login: 'presidencia',
    sub: 'demo-presidencia',
    name: 'Carlos Egas',
    position: {
      es: 'Dirección de Gobierno Abierto, Presidencia',
      en: 'Open Government Directorate, Presidency',
    },
  },
  {
    login: 'auditor',
    sub: 'demo-auditor',
    name: 'Sofía Ruales',
    position: {
      es: 'Investigadora del Mecanismo de Revisión Independiente (MRI)',
      en: 'Researcher, Independent Reporting Mechanism (IRM)',
    },
  },
];

export function devPersonByLogin(login: string): DevPerson | undefined {
  return DEV_PEOPLE.find((person) => person.login === login.trim().toLowerCase());
}
