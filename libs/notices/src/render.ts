import type { Notice, NoticeKind } from './notice';

/** A message in both of hitos's languages, Spanish first. */
export interface Bilingual {
  es: string;
  en: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The commitment's public page on the portal. */
export const commitmentPageUrl = (publicUrl: string, commitmentId: string): string =>
  `${publicUrl.replace(/\/+$/, '')}/compromisos/${encodeURIComponent(commitmentId)}`;

type Lines = (d: Record<string, string | number>) => Bilingual;

const TITLES: Record<NoticeKind, Bilingual> = {
  'milestone-due-soon': { es: 'Hito próximo a vencer', en: 'Milestone due soon' },
  'milestone-overdue': { es: 'Hito vencido', en: 'Milestone overdue' },
  'period-ended': { es: 'Terminó el período del compromiso', en: "The commitment's period ended" },
  'progress-report-due': { es: 'Informe de avance por presentar', en: 'Progress report due' },
  'progress-report-overdue': { es: 'Informe de avance atrasado', en: 'Progress report overdue' },
  'transfer-decision-overdue': {
    es: 'Decisión de traspaso atrasada',
    en: 'Transfer decision overdue',
  },
  'handover-overdue': {
    es: 'Transferencia de información atrasada',
    en: 'Information handover overdue',
  },
  'objection-awaits-answer': {
    es: 'Una observación espera respuesta',
    en: 'An objection awaits your answer',
  },
  'transfer-concurrence-requested': {
    es: 'Se pide la concurrencia del Grupo Núcleo para un traspaso',
    en: "The Core Group's concurrence is requested for a transfer",
  },
  'reschedule-concurrence-requested': {
    es: 'Se pide la concurrencia del Grupo Núcleo para reprogramar un hito',
    en: "The Core Group's concurrence is requested to reschedule a milestone",
  },
  'question-asked': {
    es: 'Una pregunta ciudadana espera respuesta',
    en: "A citizen's question awaits an answer",
  },
  'question-answer-overdue': {
    es: 'La respuesta a una pregunta ciudadana está atrasada',
    en: "The answer to a citizen's question is overdue",
  },
  'question-answered': {
    es: 'Su pregunta recibió respuesta',
    en: 'Your question was answered',
  },
};

const BODIES: Record<NoticeKind, Lines> = {
  'milestone-due-soon': (d) => ({
    es: `El hito ${d.milestoneId} vence el ${d.due} y aún no está completado.`,
    en: `Milestone ${d.milestoneId} is due on ${d.due} and is not completed yet.`,
  }),
  'milestone-overdue': (d) => ({
    es: `El hito ${d.milestoneId} venció el ${d.due} sin completarse.`,
    en: `Milestone ${d.milestoneId} was due on ${d.due} and is not completed.`,
  }),
  'period-ended': (d) => ({
    es: `El período del compromiso terminó el ${d.periodEnd} y el compromiso sigue abierto.`,
    en: `The commitment's period ended on ${d.periodEnd} and it is still open.`,
  }),
  'progress-report-due': (d) => ({
    es: `Se debe presentar un informe de avance hasta el ${d.dueOn}.`,
    en: `A progress report is due by ${d.dueOn}.`,
  }),
  'progress-report-overdue': (d) => ({
    es: `No se presentó el informe de avance que vencía el ${d.dueOn}.`,
    en: `The progress report due on ${d.dueOn} was not submitted.`,
  }),
  'transfer-decision-overdue': (d) => ({
    es: `El compromiso espera desde el ${d.pendingSince} la decisión de mantenerlo o traspasarlo; el plazo venció el ${d.dueOn}.`,
    en: `The commitment has awaited the decision to keep or transfer it since ${d.pendingSince}; the deadline was ${d.dueOn}.`,
  }),
  'handover-overdue': (d) => ({
    es: `La institución receptora no ha acusado recibo de la transferencia de información (traspaso del ${d.transferredOn}, plazo ${d.dueOn}).`,
    en: `The receiving institution has not acknowledged the information handover (transferred on ${d.transferredOn}, due ${d.dueOn}).`,
  }),
  'objection-awaits-answer': (d) => ({
    es: `La contraparte observó el informe ${d.reportId} del hito ${d.milestoneId}; la observación espera su respuesta.`,
    en: `The counterpart objected to report ${d.reportId} on milestone ${d.milestoneId}; the objection awaits your answer.`,
  }),
  'transfer-concurrence-requested': (d) => ({
    es: `El compromiso quedó pendiente de traspaso el ${d.markedOn} por el rediseño de su institución; la decisión necesita la concurrencia del Grupo Núcleo.`,
    en: `The commitment went pending transfer on ${d.markedOn} after its institution's redesign; the decision needs the Core Group's concurrence.`,
  }),
  'reschedule-concurrence-requested': (d) => ({
    es: `Se pide reprogramar el hito ${d.milestoneId} (nuevas fechas: ${d.start} a ${d.due}); la reprogramación necesita la concurrencia del Grupo Núcleo.`,
    en: `A reschedule of milestone ${d.milestoneId} is requested (new dates: ${d.start} to ${d.due}); it needs the Core Group's concurrence.`,
  }),
  'question-asked': (d) => ({
    es: `Una persona hizo la pregunta ${d.questionId}; la respuesta vence el ${d.answerDueOn}.`,
    en: `Someone asked question ${d.questionId}; the answer is due by ${d.answerDueOn}.`,
  }),
  'question-answered': (d) => ({
    es: `La institución responsable respondió su pregunta el ${d.answeredOn}. La respuesta está publicada en la página del compromiso.`,
    en: `The responsible institution answered your question on ${d.answeredOn}. The answer is published on the commitment's page.`,
  }),
  'question-answer-overdue': (d) => ({
    es: `La pregunta ${d.questionId} no fue respondida hasta el ${d.answerDueOn}.`,
    en: `Question ${d.questionId} was not answered by ${d.answerDueOn}.`,
  }),
};

/** The notice's title and text in both languages, and its link. */
export function describe(notice: Notice, publicUrl: string) {
  const commitment: Bilingual = {
    es: `Compromiso ${notice.commitmentNumber ?? ''} «${notice.commitmentTitle ?? notice.commitmentId}»`.replace(
      '  ',
      ' ',
    ),
    en: `Commitment ${notice.commitmentNumber ?? ''} "${notice.commitmentTitle ?? notice.commitmentId}"`.replace(
      '  ',
      ' ',
    ),
  };
  return {
    title: TITLES[notice.kind],
    commitment,
    body: BODIES[notice.kind](notice.details),
    link: commitmentPageUrl(publicUrl, notice.commitmentId),
  };
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The e-mail of one notice: Spanish first, then English; plain text and simple HTML. */
export function renderEmail(notice: Notice, publicUrl: string): RenderedEmail {
  const { title, commitment, body, link } = describe(notice, publicUrl);
  const subject = `[hitos] ${title.es} / ${title.en} — ${commitment.es}`;
  const text = [
    `${title.es}`,
    `${commitment.es}`,
    '',
    body.es,
    `Ver el compromiso: ${link}`,
    '',
    '---',
    '',
    `${title.en}`,
    `${commitment.en}`,
    '',
    body.en,
    `See the commitment: ${link}`,
    '',
    '-- ',
    'hitos. Recibe este mensaje porque su dirección está registrada para avisos; / You receive this because your address is registered for notices.',
    '',
  ].join('\n');
  const section = (lang: 'es' | 'en', t: Bilingual, c: Bilingual, b: Bilingual, see: string) =>
    `<section lang="${lang}"><h1>${escape(t[lang])}</h1><p><strong>${escape(c[lang])}</strong></p><p>${escape(
      b[lang],
    )}</p><p><a href="${escape(link)}">${see}</a></p></section>`;
  const html = `<!doctype html><html lang="es"><body>${section('es', title, commitment, body, 'Ver el compromiso')}<hr>${section(
    'en',
    title,
    commitment,
    body,
    'See the commitment',
  )}</body></html>`;
  return { subject, text, html };
}

/** A webhook's body per Standard Webhooks: `{ type, timestamp, data }`. */
export function webhookPayload(notice: Notice, publicUrl: string, noticeId: string) {
  const { title, body, link } = describe(notice, publicUrl);
  return {
    type: `notice.${notice.kind}`,
    timestamp: notice.recordedAt,
    data: {
      noticeId,
      kind: notice.kind,
      eventId: notice.eventId,
      commitmentId: notice.commitmentId,
      commitmentNumber: notice.commitmentNumber,
      commitmentTitle: notice.commitmentTitle,
      planId: notice.planId,
      details: notice.details,
      title,
      text: body,
      link,
    },
  };
}
