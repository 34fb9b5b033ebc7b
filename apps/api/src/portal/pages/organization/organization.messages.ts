/** The counterpart organization page's words: Spanish first; the English catalogue is typed by it. */
import type { OrganizationSector } from '@hitos/domain';

export const es = {
  kind: 'Organización contraparte',
  sector: 'Sector',
  sectors: {
    'civil-society': 'Sociedad civil',
    academia: 'Academia',
    'private-sector': 'Sector privado',
  } satisfies Record<OrganizationSector, string>,
  representative: 'Representante',
  commitments: 'Compromisos de los que es contraparte',
  commitmentsCaption: (name: string) => `${name}: compromisos de los que es contraparte`,
  reviews: 'Cómo revisó los informes de avance',
  reviewsExplained:
    'La contraparte avala u objeta cada informe de avance de la institución; solo el avance avalado cuenta.',
  reviewsCaption: 'Revisiones de la contraparte por compromiso',
  commitment: 'Compromiso',
  endorsed: 'Avalados',
  objected: 'Objetados',
  openObjections: 'Objeciones sin respuesta',
  awaitingReview: 'Por revisar',
  total: 'Total',
  openObjectionsList: 'Objeciones que esperan respuesta de la institución',
  objectedOn: 'Objetado el',
  reported: (percent: string) => `Avance informado: ${percent}`,
};

export type OrganizationMessages = typeof es;

export const en: OrganizationMessages = {
  kind: 'Counterpart organization',
  sector: 'Sector',
  sectors: {
    'civil-society': 'Civil society',
    academia: 'Academia',
    'private-sector': 'Private sector',
  },
  representative: 'Representative',
  commitments: 'Commitments it is counterpart of',
  commitmentsCaption: (name: string) => `${name}: commitments it is counterpart of`,
  reviews: 'How it reviewed the progress reports',
  reviewsExplained:
    'The counterpart endorses or objects to each of the institution’s progress reports; only endorsed progress counts.',
  reviewsCaption: 'The counterpart’s reviews by commitment',
  commitment: 'Commitment',
  endorsed: 'Endorsed',
  objected: 'Objected',
  openObjections: 'Unanswered objections',
  awaitingReview: 'To review',
  total: 'Total',
  openObjectionsList: 'Objections waiting for the institution’s answer',
  objectedOn: 'Objected on',
  reported: (percent: string) => `Reported progress: ${percent}`,
};

export const organizationMessages = { es, en };
