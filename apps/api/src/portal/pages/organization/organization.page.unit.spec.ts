import { renderDocument } from '../../components/render';
import { Locale } from '../../i18n/locale';
import { light, listItem, namesOf, registry } from '../testing/party-pages.fixtures';
import type { OrganizationPageData, RegisteredOrganization } from './organization.data';
import { OrganizationPage } from './organization.page';

const names = namesOf(registry);
const stateOf = (id: string) =>
  registry.find((e) => e.kind === 'organization' && e.id === id)!.state as RegisteredOrganization;

function data(over: Partial<OrganizationPageData> = {}): OrganizationPageData {
  return {
    organization: stateOf('fae'),
    today: '2026-11-24',
    commitments: [
      {
        ...listItem({ commitmentId: 'calidad', title: 'Calidad de los servicios públicos' }),
        light: light('green'),
        reviews: { endorsed: 2, objected: 1, openObjections: 1, awaitingReview: 0 },
      },
      {
        ...listItem({
          commitmentId: 'empleo',
          title: 'Empleo público abierto',
          status: 'Draft',
          progress: 0,
          responsible: { institutionId: 'old-agency', unit: 'Unidad' },
        }),
        light: light('grey'),
        reviews: { endorsed: 0, objected: 0, openObjections: 0, awaitingReview: 1 },
      },
    ],
    reviews: { endorsed: 2, objected: 1, openObjections: 1, awaitingReview: 1 },
    openObjections: [
      {
        commitmentId: 'calidad',
        commitmentTitle: 'Calidad de los servicios públicos',
        deliverable: 'Catálogo de servicios publicado',
        percent: 60,
        reviewedOn: '2026-09-15',
        reasons: 'El catálogo no incluye los servicios en línea.',
      },
    ],
    livePlanId: 'plan-a',
    names,
    ...over,
  };
}

const render = (lang: 'es' | 'en', d = data()) =>
  renderDocument(
    OrganizationPage({ locale: new Locale(lang), data: d, path: '/organizaciones/fae' }),
  );
const text = (html: string) =>
  html
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe('the counterpart organization page', () => {
  it('says who the organization is: its sector in words and its representative', () => {
    const html = render('es');
    expect(html).toContain('<html lang="es">');
    const words = text(html);
    expect(words).toContain('Fundación Alianza Estratégica');
    expect(words).toContain('Sociedad civil');
    expect(words).toContain('Ana Pérez · Directora Ejecutiva');
    const en = text(render('en', data({ organization: stateOf('uni') })));
    expect(en).toContain('Academia');
    expect(en).not.toContain('Representative');
  });

  it('lists the commitments it is counterpart of, with the institution responsible by name', () => {
    const html = render('es');
    expect(html).toContain('href="/compromisos/calidad"');
    expect(html).toContain('href="/instituciones/old-agency"');
    const words = text(html);
    expect(words).toContain('Secretaría de Empleo');
    expect(words).toContain('En preparación');
    expect(words).toContain('Verde');
    expect(words).toMatch(/11,3\s%/);
  });

  it('counts how it reviewed the reports and lists the objections still unanswered', () => {
    const words = text(render('es'));
    expect(words).toContain('2 Avalados');
    expect(words).toContain('1 Objetados');
    expect(words).toContain('1 Objeciones sin respuesta');
    expect(words).toContain('1 Por revisar');
    expect(words).toContain(
      '2 informes avalados · 1 objetado · 1 objeción sin respuesta · 0 por revisar',
    );
    expect(words).toContain('Catálogo de servicios publicado · Avance informado: 60 %');
    expect(words).toContain('Objetado el 15 de septiembre de 2026');
    expect(words).toContain('El catálogo no incluye los servicios en línea.');
    const en = text(render('en'));
    expect(en).toContain('2 Endorsed');
    expect(en).toContain('Reported progress: 60%');
    expect(en).toContain('Objected on 15 September 2026');
  });

  it('is live through its plan’s stream and shows names, never ids', () => {
    const html = render('es');
    expect(html).toContain('data-live="/api/live/action-plans/plan-a"');
    expect(html).toContain('data-region="reviews"');
    const words = text(html);
    for (const id of ['mdt', 'old-agency', 'fae', 'plan-a', 'calidad'])
      expect(words).not.toMatch(new RegExp(`(^|\\s)${id}(\\s|$)`));
  });

  it('says so when it is counterpart of nothing yet', () => {
    const words = text(
      render(
        'es',
        data({
          commitments: [],
          openObjections: [],
          reviews: { endorsed: 0, objected: 0, openObjections: 0, awaitingReview: 0 },
        }),
      ),
    );
    expect(words).toContain('Ninguno');
  });
});
