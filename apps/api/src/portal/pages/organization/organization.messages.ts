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
  byCommitment: 'Por compromiso',
  /** A count's words, in the per-commitment lines: "2 avalados · 1 objetado". */
  counted: {
    endorsed: { one: 'informe avalado', other: 'informes avalados' },
    objected: { one: 'objetado', other: 'objetados' },
    openObjections: { one: 'objeción sin respuesta', other: 'objeciones sin respuesta' },
    awaitingReview: { one: 'por revisar', other: 'por revisar' },
  },
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
  byCommitment: 'By commitment',
  counted: {
    endorsed: { one: 'report endorsed', other: 'reports endorsed' },
    objected: { one: 'objected', other: 'objected' },
    openObjections: { one: 'unanswered objection', other: 'unanswered objections' },
    awaitingReview: { one: 'to review', other: 'to review' },
  },
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
