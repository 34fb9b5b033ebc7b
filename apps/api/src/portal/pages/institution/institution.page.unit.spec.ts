import { renderDocument } from '../../components/render';
import { Locale } from '../../i18n/locale';
import { light, listItem, namesOf, registry } from '../testing/party-pages.fixtures';
import type { InstitutionPageData, RegisteredInstitution } from './institution.data';
import { InstitutionPage } from './institution.page';
import { en, es } from './institution.messages';

const names = namesOf(registry);
const stateOf = (id: string) =>
  registry.find((e) => e.kind === 'institution' && e.id === id)!.state as RegisteredInstitution;

function data(over: Partial<InstitutionPageData> = {}): InstitutionPageData {
  return {
    institution: stateOf('mdt'),
    today: '2026-11-24',
    commitments: [
      {
        ...listItem({ commitmentId: 'calidad', title: 'Calidad de los servicios públicos' }),
        light: light('amber'),
      },
    ],
    meanProgress: 11.3,
    transfers: [
      {
        commitmentId: 'empleo',
        title: 'Empleo público abierto',
        direction: 'received',
        otherInstitutionId: 'old-agency',
        settledOn: '2026-11-20',
        reason: 'Competencias asumidas por el MDT.',
      },
    ],
    pending: [],
    overdue: [
      {
        commitmentId: 'calidad',
        commitmentNumber: 1,
        commitmentTitle: 'Calidad de los servicios públicos',
        commitmentStatus: 'InImplementation',
        planId: 'plan-a',
        institutionId: 'mdt',
        counterpartId: 'fae',
        milestoneId: 'h2',
        deliverable: 'Catálogo de servicios publicado',
        weight: 25,
        start: '2026-02-01',
        baselineDue: '2026-10-25',
        due: '2026-10-25',
        daysToDue: -30,
        slips: 0,
        completed: false,
        completedOn: null,
        lastReportOn: null,
        progress: 0,
        openObjections: 0,
        oldestOpenObjectionOn: null,
        overdueSince: '2026-10-26',
        trafficLight: light('red'),
      },
    ],
    livePlanId: 'plan-a',
    names,
    ...over,
  };
}

const render = (lang: 'es' | 'en', d = data()) =>
  renderDocument(
    InstitutionPage({ locale: new Locale(lang), data: d, path: '/instituciones/mdt' }),
  );
/** The page's visible text, tags dropped (attributes hold ids in links, which is fine). */
const text = (html: string) =>
  html
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe('the institution page', () => {
  it('says who the institution is, in Spanish, with its function and level in words', () => {
    const html = render('es');
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<title>Ministerio del Trabajo · hitos</title>');
    const body = text(html);
    expect(body).toContain('Ministerio del Trabajo (MDT)');
    expect(body).toContain('Función Ejecutiva');
    expect(body).toContain('Nacional');
    expect(body).toContain('Activa');
    expect(body).toContain('Ministerio de Relaciones Laborales');
    expect(body).toContain('Cambio de nombre');
    expect(body).toContain('Decreto Ejecutivo No. 500');
    expect(body).toContain('1 de marzo de 2020');
  });

  it('lists its commitments with status, semáforo, progress and the counterpart by name', () => {
    const html = render('es');
    expect(html).toContain('href="/compromisos/calidad"');
    expect(html).toContain('href="/organizaciones/fae"');
    const body = text(html);
    expect(body).toContain('En implementación');
    expect(body).toContain('Amarillo');
    expect(body).toMatch(/11,3\s%/);
    expect(body).toContain('Fundación Alianza Estratégica');
    expect(body).toContain('1 compromiso · Avance promedio');
  });

  it('tells the transfers it received and its overdue milestones, naming the other institution', () => {
    const html = render('es');
    const body = text(html);
    expect(body).toContain('Recibido de Secretaría de Empleo el 20 de noviembre de 2026');
    expect(html).toContain('href="/instituciones/old-agency"');
    expect(body).toContain('Catálogo de servicios publicado');
    expect(body).toContain('30 días de atraso');
    expect(body).toContain('Rojo');
  });

  it('is live through its plan’s stream, each part a region', () => {
    const html = render('es');
    expect(html).toContain('data-live="/api/live/action-plans/plan-a"');
    for (const region of ['institution', 'commitments', 'overdue', 'transfers', 'redesigns'])
      expect(html).toContain(`data-region="${region}"`);
    expect(render('es', data({ livePlanId: null }))).not.toContain('data-live');
  });

  it('says an ended institution ended, when, and links its successors by name', () => {
    const body = render(
      'en',
      data({ institution: stateOf('old-agency'), commitments: [], transfers: [], overdue: [] }),
    );
    expect(body).toContain('<html lang="en">');
    const words = text(body);
    expect(words).toContain('Merged on 1 November 2026');
    expect(words).toContain('Successor institutions: Ministerio del Trabajo');
    expect(body).toContain('href="/instituciones/mdt"');
    expect(words).toContain('Transparency and Social Control branch');
    expect(words).toContain('Provincial');
    expect(words).toContain('Merger');
    expect(words).toContain('None');
  });

  it('shows names, never the registry’s ids, as text', () => {
    for (const lang of ['es', 'en'] as const) {
      const words = text(render(lang));
      for (const id of ['mdt', 'old-agency', 'fae', 'plan-a', 'calidad'])
        expect(words).not.toMatch(new RegExp(`(^|\\s)${id}(\\s|$)`));
    }
  });

  it('has every word in English too', () => {
    const keys = (o: object): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        v && typeof v === 'object' ? keys(v).map((s) => `${k}.${s}`) : [k],
      );
    expect(keys(en).sort()).toEqual(keys(es).sort());
  });
});
