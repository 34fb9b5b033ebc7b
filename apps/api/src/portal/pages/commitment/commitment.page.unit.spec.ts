import { registryProjection, type AuditEntry, type TrafficLight } from '@hitos/read-models';
import {
  FAE_ID,
  FakeAll,
  MDT_ID,
  PLAN_ID,
  ProjectionSpecification,
  actionPlanRegistered,
  fundacionAlianzaRegistered,
  ministerioDelTrabajoRegistered,
} from '@hitos/testing';
import { renderDocument } from '../../components/render';
import { Locale } from '../../i18n/locale';
import { PortalNames } from '../../portal-names';
import type { CommitmentPageData, PageDetail } from './commitment.data';
import { en, es } from './commitment.messages';
import { CommitmentPage } from './commitment.page';

const ID = 'calidad-servicios-publicos';

/** A commitment as the detail gives it to the public, with withheld content as the reserve has it. */
const detail = (): PageDetail => ({
  commitmentId: ID,
  planId: PLAN_ID,
  number: 1,
  title: 'Implementación de la Política de Calidad de los Servicios Públicos',
  problem: 'La ciudadanía no cuenta con mecanismos para incidir en la calidad de los servicios.',
  statusQuo: 'Las instituciones miden la calidad de forma dispersa.',
  objective: 'Implementar la Política de Calidad de los Servicios Públicos.',
  howItSolves: 'Publica estándares y resultados de calidad.',
  relevance: { transparency: 'Publica los resultados en datos abiertos.' },
  period: { start: '2026-01-01', end: '2027-12-31' },
  responsible: { institutionId: MDT_ID, unit: 'Dirección de Mejora Continua' },
  counterpart: { organizationId: FAE_ID, sector: 'civil-society' },
  supportingActors: [{ name: 'Universidad Central', sector: 'academia' }],
  contact: { name: 'Lucía Mena', position: 'Directora', email: 'gobierno.abierto@trabajo.gob.ec' },
  status: 'InImplementation',
  progress: 11.3,
  milestones: [
    {
      milestoneId: 'h1',
      deliverable: 'Diagnóstico de la calidad de los servicios',
      weight: 45,
      baselineStart: '2026-02-01',
      baselineDue: '2026-06-16',
      start: '2026-02-01',
      due: '2026-09-30',
      slips: 2,
      reschedules: [
        {
          milestoneId: 'h1',
          requestId: null,
          previousStart: '2026-02-01',
          previousDue: '2026-06-16',
          start: '2026-02-01',
          due: '2026-07-31',
          justification: 'La consulta pública se amplió a las provincias.',
          concurrence: {
            coreGroupMemberId: 'gn-sociedad-civil',
            reference: 'Acta GN-2026-05',
            concurredOn: '2026-06-01',
            source: 'asserted-by-institution',
          },
          slips: 1,
        },
        {
          milestoneId: 'h1',
          requestId: 'h1-reprogramacion-2',
          previousStart: '2026-02-01',
          previousDue: '2026-07-31',
          start: '2026-02-01',
          due: '2026-09-30',
          justification: 'Los talleres territoriales se postergaron por el feriado.',
          concurrence: {
            coreGroupMemberId: 'gn-sociedad-civil',
            reference: null,
            concurredOn: '2026-07-20',
            source: 'member',
          },
          slips: 2,
        },
      ],
      rescheduleRequests: [
        {
          requestId: 'h1-reprogramacion-2',
          milestoneId: 'h1',
          currentStart: '2026-02-01',
          currentDue: '2026-07-31',
          start: '2026-02-01',
          due: '2026-09-30',
          justification: 'Los talleres territoriales se postergaron por el feriado.',
          requestedOn: '2026-07-10',
          status: 'concurred',
          answeredBy: 'gn-sociedad-civil',
          answeredOn: '2026-07-20',
          reasons: null,
        },
        {
          requestId: 'h1-reprogramacion-3',
          milestoneId: 'h1',
          currentStart: '2026-02-01',
          currentDue: '2026-09-30',
          start: '2026-02-01',
          due: '2026-12-15',
          justification: 'Se sumaron dos provincias al diagnóstico.',
          requestedOn: '2026-08-03',
          status: 'declined',
          answeredBy: 'gn-sociedad-civil',
          answeredOn: '2026-08-10',
          reasons: 'El diagnóstico puede ampliarse en el siguiente hito.',
        },
        {
          requestId: 'h1-reprogramacion-4',
          milestoneId: 'h1',
          currentStart: '2026-02-01',
          currentDue: '2026-09-30',
          start: '2026-02-01',
          due: '2026-10-31',
          justification: 'Falta la validación de una provincia.',
          requestedOn: '2026-08-20',
          status: 'open',
          answeredBy: null,
          answeredOn: null,
          reasons: null,
        },
      ],
      lastEndorsedPercent: 25,
      completed: false,
      completedOn: null,
      lastReportOn: '2026-05-04',
      overdueSince: null,
      dueSoon: null,
      reports: [
        {
          reportId: 'h1-informe-1',
          milestoneId: 'h1',
          percent: 25,
          narrative: 'Diagnóstico levantado en 14 servicios.',
          evidence: [
            {
              title: 'Informe de diagnóstico',
              url: 'https://www.trabajo.gob.ec/diagnostico.pdf',
              sha256: 'a'.repeat(64),
              classification: 'public',
            },
            {
              title: 'Enlace dudoso',
              url: 'javascript:alert(1)',
              sha256: 'b'.repeat(64),
              classification: 'public',
            },
            { title: null, url: null, sha256: null, classification: 'reserved', withheld: true },
          ],
          reportedOn: '2026-03-31',
          review: { verdict: 'endorsed', reasons: null, reviewedOn: '2026-04-15' },
          answer: null,
          openObjection: false,
        },
        {
          reportId: 'h1-informe-2',
          milestoneId: 'h1',
          percent: 50,
          narrative: null,
          withheld: true,
          evidence: [],
          reportedOn: '2026-05-04',
          review: { verdict: 'objected', reasons: null, reviewedOn: '2026-05-20', withheld: true },
          answer: { answer: null, answeredOn: '2026-06-02', withheld: true },
          openObjection: false,
        },
      ],
    },
  ],
  administrator: {
    name: 'Lucía Mena',
    position: 'Directora de Mejora Continua',
    unit: 'Dirección de Mejora Continua',
    email: 'gobierno.abierto@trabajo.gob.ec',
  },
  signatures: {
    institution: {
      actaNumber: 'MDT-CDC-2026-001',
      signedOn: '2026-01-28',
      place: 'Distrito Metropolitano de Quito',
      signatory: { name: 'Andrea Vaca', position: 'Ministra del Trabajo' },
    },
    counterpart: {
      actaNumber: 'MDT-CDC-2026-001',
      signedOn: '2026-01-28',
      place: 'Distrito Metropolitano de Quito',
      signatory: { name: 'Carlos Vinueza', position: 'Director Ejecutivo' },
    },
  },
  acta: {
    actaNumber: 'MDT-CDC-2026-001',
    signedOn: '2026-01-28',
    place: 'Distrito Metropolitano de Quito',
    signatories: {
      institution: { name: 'Andrea Vaca', position: 'Ministra del Trabajo' },
      counterpart: { name: 'Carlos Vinueza', position: 'Director Ejecutivo' },
    },
    administrator: {
      name: 'Lucía Mena',
      position: 'Directora de Mejora Continua',
      unit: 'Dirección de Mejora Continua',
      email: 'gobierno.abierto@trabajo.gob.ec',
    },
  },
  resources: [{ resourceId: 'r1', kind: 'technical', description: 'Equipo técnico' }],
  submittedReports: [
    {
      reportId: 'i1',
      audience: 'citizens',
      submittedBy: 'institution',
      title: 'Rendición de cuentas del primer semestre',
      summary: 'Avances del diagnóstico.',
      link: 'https://www.trabajo.gob.ec/rendicion.pdf',
      classification: 'public',
      submittedOn: '2026-07-10',
    },
    {
      reportId: 'i2',
      audience: 'presidency',
      submittedBy: 'counterpart',
      title: null,
      summary: null,
      link: null,
      classification: 'reserved',
      submittedOn: '2026-07-12',
      withheld: true,
    },
  ],
  statusHistory: [
    { status: 'Draft', since: '2026-01-14', position: '10' },
    { status: 'InImplementation', since: '2026-01-28', position: '20' },
  ],
  completedOn: null,
  closure: null,
  irmAssessments: [
    {
      assessmentId: 'irm-1',
      stage: 'design',
      verifiable: true,
      relevantToOgpValues: true,
      potentialForResults: 'modest',
      narrative: 'El compromiso es verificable y relevante.',
      assessedOn: '2026-05-30',
    },
  ],
  withdrawal: null,
  transfer: null,
  transfers: [],
  deadlinesRecorded: [],
  periodEnded: null,
  reportingPeriods: [],
  progressReportDue: null,
  progressReportOverdue: null,
  questions: [],
  revision: 12,
  position: '300',
  updatedAt: '2026-07-20T15:00:00.000Z',
  withheldEvidence: 1,
  withheldReports: 1,
  withheldTexts: 3,
});

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  eventId: 'e',
  position: '1',
  streamId: `commitment-${ID}`,
  revision: 0,
  type: 'X',
  occurredAt: null,
  recordedAt: '2026-01-14T14:00:00.000Z',
  actor: { id: 'u', role: 'institution', organizationId: MDT_ID },
  correlationId: null,
  causationId: null,
  commandId: null,
  reason: null,
  summary: { es: '', en: '' },
  commitmentId: ID,
  institutionId: MDT_ID,
  planId: PLAN_ID,
  classification: 'public',
  withheld: false,
  ...over,
});

const trail: AuditEntry[] = [
  entry({
    type: 'MilestoneRescheduled',
    position: '40',
    occurredAt: '2026-06-01T09:00:00.000-05:00',
    recordedAt: '2026-06-03T14:00:00.000Z',
    summary: {
      es: 'Se reprogramó el hito h1: vence el 2026-07-31 (antes 2026-06-16); reprogramaciones: 1.',
      en: 'Milestone h1 rescheduled: due 2026-07-31 (was 2026-06-16); slips: 1.',
    },
  }),
  entry({
    type: 'ProgressReportReviewed',
    position: '30',
    occurredAt: '2026-04-15T09:00:00.000-05:00',
    recordedAt: '2026-04-15T14:00:00.000Z',
    actor: { id: 'c', role: 'counterpart', organizationId: FAE_ID },
    summary: {
      es: 'La contraparte avaló el reporte h1-informe-1 del hito h1.',
      en: 'The counterpart endorsed report h1-informe-1 on milestone h1.',
    },
  }),
  entry({
    type: 'ProgressReportReviewed',
    position: '50',
    occurredAt: '2026-05-20T09:00:00.000-05:00',
    recordedAt: '2026-05-20T14:00:00.000Z',
    actor: { id: 'c', role: 'counterpart', organizationId: FAE_ID },
    classification: 'reserved',
    withheld: true,
    summary: {
      es: 'La contraparte observó el reporte h1-informe-2 del hito h1. Contenido reservado: solo lo ven las partes del compromiso, la Presidencia y los auditores.',
      en: 'The counterpart objected to report h1-informe-2 on milestone h1. Reserved content: only the commitment’s parties, the Presidency and auditors see it.',
    },
  }),
];

describe('the commitment page', () => {
  const registry = ProjectionSpecification.for(registryProjection);

  const names = () => {
    const all = new FakeAll();
    all.record(`plan-${PLAN_ID}`, actionPlanRegistered);
    all.record(`institution-${MDT_ID}`, ministerioDelTrabajoRegistered);
    all.record(`organization-${FAE_ID}`, fundacionAlianzaRegistered);
    return PortalNames.read(registry.given(all).db);
  };

  const amber: TrafficLight = {
    colour: 'amber',
    rule: {
      code: 'SLIPPED',
      es: 'Reprogramado 2 veces (vencía el 2026-06-16).',
      en: 'Rescheduled twice (was due 2026-06-16).',
    },
  };

  const data = (over: Partial<CommitmentPageData> = {}): CommitmentPageData => ({
    commitmentId: ID,
    acceptsQuestions: true,
    answerDays: 15,
    today: '2026-07-20',
    detail: detail(),
    light: amber,
    milestoneLights: new Map([['h1', amber]]),
    trail,
    coreGroup: actionPlanRegistered.data.coreGroup,
    names: names(),
    checkpoint: {
      treeSize: 12345,
      origin: 'hitos.example/log',
      root: 'cm9vdA==',
      note: '',
      signedAt: '2026-07-20T15:00:00.000Z',
      position: '400',
      cosignatures: [
        {
          witness: 'testigo.example/uno',
          verifierKey: 'k',
          cosignedAt: '2026-07-20T16:00:00.000Z',
        },
      ],
    },
    ...over,
  });

  const render = (lang: 'es' | 'en', over: Partial<CommitmentPageData> = {}) =>
    renderDocument(
      CommitmentPage({
        locale: new Locale(lang),
        data: data(over),
        path: `/compromisos/${ID}`,
      }),
    );

  /** What a reader sees: the body's text, without tags or attributes. */
  const visibleText = (html: string) =>
    html
      .replace(/<head>[\s\S]*?<\/head>/, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ');

  it('given a detail, then the acta card names the number, date, place, signatories, parties and administrator', () => {
    const text = visibleText(render('es'));
    expect(text).toContain('Acta de compromiso');
    expect(text).toContain('MDT-CDC-2026-001');
    expect(text).toContain('Fecha de firma 28 de enero de 2026');
    expect(text).toContain('Distrito Metropolitano de Quito');
    expect(text).toContain('Andrea Vaca Ministra del Trabajo');
    expect(text).toContain('Carlos Vinueza Director Ejecutivo');
    expect(text).toContain('Institución responsable Ministerio del Trabajo');
    expect(text).toContain('Unidad ejecutora Dirección de Mejora Continua');
    expect(text).toContain('Contraparte Fundación Alianza Estratégica (Sociedad civil)');
    expect(text).toContain('Administrador del acta Lucía Mena');
  });

  it('given a detail, then numbers and dates read in Spanish, and in English when asked', () => {
    const spanish = visibleText(render('es'));
    expect(spanish).toContain('11,3 %');
    expect(spanish).toContain('1 de enero de 2026 – 31 de diciembre de 2027');
    const english = visibleText(render('en'));
    expect(english).toContain('11.3%');
    expect(english).toContain('28 January 2026');
    expect(english).toContain('Commitment acta');
  });

  it('given questions, then each reads with its answer and response time; a hidden one by its reason only; then the form', () => {
    const question = {
      questionId: 'q1',
      askedOn: '2026-07-01',
      answerDueOn: '2026-07-16',
      text: '¿Cuándo se publica la encuesta?',
      askerName: 'Ana',
      answer: 'En agosto.',
      answeredOn: '2026-07-20',
      daysToAnswer: 19,
      answeredOnTime: false,
      overdueSince: '2026-07-17',
      counterpartView: { view: 'Llegó tarde.', addedOn: '2026-07-21' },
      hidden: null,
    };
    const hidden = {
      ...question,
      questionId: 'q2',
      text: null,
      askerName: null,
      answer: null,
      answeredOn: null,
      daysToAnswer: null,
      answeredOnTime: null,
      overdueSince: null,
      counterpartView: null,
      hidden: { reason: 'Publicidad.', hiddenOn: '2026-07-02' },
    };
    const withQuestions = { ...detail(), questions: [question, hidden] };
    const html = render('es', { detail: withQuestions, questionOutcome: 'TOO_MANY_QUESTIONS' });
    const text = visibleText(html);
    expect(text).toContain('Pregunta de Ana');
    expect(text).toContain('¿Cuándo se publica la encuesta?');
    expect(text).toContain('respondida en 19 días · fuera de plazo');
    expect(text).toContain('Opinión de la contraparte');
    expect(text).toContain('Pregunta retirada por la Presidencia: Publicidad.');
    expect(text).toContain('Se enviaron demasiadas preguntas desde su conexión');
    expect(html).toContain(`action="/compromisos/${ID}/preguntas"`);
    expect(html).toMatch(/<textarea[^>]*name="text"[^>]*required/);
    const english = visibleText(render('en', { detail: withQuestions }));
    expect(english).toContain('answered in 19 days · late');
    expect(english).toContain('Question withdrawn by the Presidency: Publicidad.');
    // A commitment that takes no questions says so instead of the form.
    expect(render('es', { acceptsQuestions: false })).not.toContain('name="text"');
  });

  it('given a detail, then no internal id or ISO date shows as text', () => {
    for (const lang of ['es', 'en'] as const) {
      const text = visibleText(render(lang));
      expect(text).not.toMatch(/\bmdt\b/);
      expect(text).not.toContain(FAE_ID);
      expect(text).not.toContain('gn-sociedad-civil');
      expect(text).not.toContain('h1-informe');
      expect(text).not.toMatch(/\bh1\b/);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });

  it('given a report, then both keys read: who reported, who endorsed or objected and when, and the answer', () => {
    const text = visibleText(render('es'));
    expect(text).toContain('Ministerio del Trabajo reportó el 31 de marzo de 2026');
    expect(text).toContain('Avance reportado: 25 %');
    expect(text).toContain('Fundación Alianza Estratégica lo avaló el 15 de abril de 2026');
    expect(text).toContain('Fundación Alianza Estratégica lo objetó el 20 de mayo de 2026');
    expect(text).toContain('Ministerio del Trabajo respondió el 2 de junio de 2026');
  });

  it('given a report reviewed in rounds, then the whole exchange reads in order, reserved text withheld in its round', () => {
    const base = detail();
    const [h1, ...rest] = base.milestones;
    const rounds: PageDetail = {
      ...base,
      milestones: [
        {
          ...h1,
          reports: [
            {
              ...h1.reports[1],
              rounds: [
                {
                  round: 1,
                  objection: { reasons: null, reviewedOn: '2026-05-20', withheld: true },
                  answer: { answer: 'Se adjunta la muestra ampliada.', answeredOn: '2026-06-02' },
                },
                {
                  round: 2,
                  objection: {
                    reasons: 'La muestra sigue sin zonas rurales.',
                    reviewedOn: '2026-06-10',
                  },
                  answer: {
                    answer: 'Se incluyeron 12 parroquias rurales.',
                    answeredOn: '2026-06-20',
                  },
                },
              ],
              endorsement: { reasons: null, reviewedOn: '2026-06-25', round: 3 },
              reviewStatus: 'endorsed',
              review: { verdict: 'endorsed', reasons: null, reviewedOn: '2026-06-25' },
              answer: { answer: 'Se incluyeron 12 parroquias rurales.', answeredOn: '2026-06-20' },
            },
          ],
        },
        ...rest,
      ],
    };
    const text = visibleText(render('es', { detail: rounds }));
    const steps = [
      'Ronda 1',
      'Fundación Alianza Estratégica lo objetó el 20 de mayo de 2026',
      'Razones: contenido reservado',
      'Ministerio del Trabajo respondió el 2 de junio de 2026',
      'Ronda 2',
      'Fundación Alianza Estratégica lo objetó el 10 de junio de 2026',
      'Razones: La muestra sigue sin zonas rurales.',
      'Ministerio del Trabajo respondió el 20 de junio de 2026 Se incluyeron 12 parroquias rurales.',
      'Ronda 3',
      'Fundación Alianza Estratégica lo avaló el 25 de junio de 2026',
    ];
    const at = steps.map((step) => text.indexOf(step));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const english = visibleText(render('en', { detail: rounds }));
    expect(english).toContain('Round 2');
  });

  it('given an answered objection, then the report waits for the counterpart’s new review', () => {
    const base = detail();
    const [h1, ...rest] = base.milestones;
    const answered: PageDetail = {
      ...base,
      milestones: [{ ...h1, reports: [{ ...h1.reports[1], reviewStatus: 'answered' }] }, ...rest],
    };
    expect(visibleText(render('es', { detail: answered }))).toContain(
      'Respondida: espera una nueva revisión de Fundación Alianza Estratégica',
    );
  });

  it('given withheld texts, evidence and reports, then the reserved marker stands in each place and the counts are said', () => {
    const html = render('es');
    const text = visibleText(html);
    // The narrative, the reasons, the answer, an evidence item, a submitted report's title and summary.
    expect(text.match(/contenido reservado/g)?.length).toBeGreaterThanOrEqual(6);
    expect(text).toContain('Contenido reservado en este compromiso');
    expect(text).toContain('1 evidencia reservada · 1 informe reservado · 3 textos reservados');
    expect(visibleText(render('en'))).toContain(
      '1 reserved evidence item · 1 reserved report · 3 reserved texts',
    );
  });

  it('given reschedules, then the slips, the dates before and after, the reasons and who concurred read', () => {
    const text = visibleText(render('es'));
    expect(text).toContain('La fecha se movió 2 veces');
    expect(text).toContain('Reprogramado 2 veces (vencía el 16 de junio de 2026).');
    expect(text).toContain(
      'Fechas comprometidas (línea base) 1 de febrero de 2026 – 16 de junio de 2026',
    );
    expect(text).toContain('Vencía el 16 de junio de 2026; ahora vence el 31 de julio de 2026.');
    expect(text).toContain('Motivo: Los talleres territoriales se postergaron por el feriado.');
    expect(text).toContain(
      'Ana Lucía Paredes, Red de organizaciones de sociedad civil (Grupo Núcleo) dio su conformidad en hitos el 20 de julio de 2026',
    );
  });

  it('given a concurrence recorded before members gave their own, then it reads as asserted by the institution', () => {
    const text = visibleText(render('es'));
    expect(text).toContain(
      'Conformidad de Ana Lucía Paredes, Red de organizaciones de sociedad civil (Grupo Núcleo) del 1 de junio de 2026, declarada por la institución (el integrante no la confirmó en hitos). Referencia: Acta GN-2026-05',
    );
    expect(visibleText(render('en'))).toContain('asserted by the institution');
  });

  it('given reschedule requests declined and open, then each reads with its dates and answer; a concurred one only as its reschedule', () => {
    const text = visibleText(render('es'));
    expect(text).toContain(
      'El 3 de agosto de 2026 la institución pidió mover la entrega del 30 de septiembre de 2026 al 15 de diciembre de 2026.',
    );
    expect(text).toContain(
      'Ana Lucía Paredes, Red de organizaciones de sociedad civil (Grupo Núcleo) no dio su conformidad el 10 de agosto de 2026: El diagnóstico puede ampliarse en el siguiente hito.',
    );
    expect(text).toContain('Espera la conformidad de un integrante del Grupo Núcleo.');
    expect(text).not.toContain('El 10 de julio de 2026 la institución pidió');
  });

  it('given the trail, then facts read in the order they happened, with ids named and the recorded day when it differs', () => {
    const text = visibleText(render('es'));
    const endorsed = text.indexOf(
      'La contraparte avaló el reporte del 31 de marzo de 2026 del hito 1.',
    );
    const rescheduled = text.indexOf(
      'Se reprogramó el hito 1: vence el 31 de julio de 2026 (antes 16 de junio de 2026)',
    );
    expect(endorsed).toBeGreaterThan(0);
    expect(rescheduled).toBeGreaterThan(endorsed);
    expect(text).toContain('1 de junio de 2026 (registrado en hitos el 3 de junio de 2026)');
    expect(text).not.toContain('15 de abril de 2026 (registrado');
    expect(text).toContain('— Fundación Alianza Estratégica');
    // A withheld fact keeps its place and its day, its content said reserved.
    expect(text).toContain(
      '20 de mayo de 2026 contenido reservado La contraparte observó el reporte del 4 de mayo de 2026 del hito 1. — Fundación',
    );
  });

  it('given evidence, then a web address is a link with its fingerprint, anything else is not a link', () => {
    const html = render('es');
    expect(html).toContain('href="https://www.trabajo.gob.ec/diagnostico.pdf"');
    expect(html).toContain('a'.repeat(64));
    expect(html).not.toContain('href="javascript:');
    expect(visibleText(html)).toContain('Enlace dudoso');
  });

  it('given a public file kept by hitos, then it links to its download with its type and size', () => {
    const withFile = detail();
    const sha256 = 'd'.repeat(64);
    withFile.milestones[0].reports[0].evidence = [
      { title: 'Acta escaneada', url: `/api/evidence/${sha256}`, sha256, classification: 'public' },
    ];
    const keptFiles = new Map([[sha256, { size: 1_258_291, mediaType: 'application/pdf' }]]);
    const html = render('es', { detail: withFile, keptFiles });
    expect(html).toContain(`href="/api/evidence/${sha256}"`);
    expect(visibleText(html)).toContain('Acta escaneada (PDF, 1,2 MB)');
    expect(visibleText(render('en', { detail: withFile, keptFiles }))).toContain(
      'Acta escaneada (PDF, 1.2 MB)',
    );
    // Not known as a public kept file: neither a link nor a label.
    expect(render('es', { detail: withFile })).not.toContain(`href="/api/evidence/${sha256}"`);
  });

  it('given a commitment, then the page is live on its stream and links its proof and open data', () => {
    const html = render('es');
    expect(html).toContain(`data-live="/api/live/commitments/${ID}"`);
    expect(html).toContain(`href="/api/commitments/${ID}/audit-package"`);
    expect(html).toContain(`href="/api/commitments/${ID}/audit-trail?format=csv"`);
    expect(html).toContain('href="/api/transparency/checkpoint"');
    expect(html).toContain(`href="/api/open-data/commitments/${ID}/feed.atom"`);
    expect(visibleText(html)).toContain(es.proofExplained);
    expect(visibleText(html)).toContain(
      `Último punto de control firmado: 12.345 hechos sellados, el ${new Locale('es').dateTime('2026-07-20T15:00:00.000Z')}. Lo cofirmó 1 testigo: testigo.example/uno.`,
    );
    expect(visibleText(render('es', { checkpoint: null }))).toContain(es.checkpointNone);
    expect(visibleText(render('en'))).toContain(en.proof);
  });

  it('given a closure with its narrative withheld, then the self-assessment reads with the marker, apart from the IRM results', () => {
    const closed = detail();
    closed.status = 'Closed';
    closed.closure = {
      resultsNarrative: null,
      classification: 'reserved',
      withheld: true,
      completion: 'substantial',
      openedGovernment: 'marginal',
      evidence: [
        {
          title: 'Informe final',
          url: 'https://www.trabajo.gob.ec/final.pdf',
          sha256: 'c'.repeat(64),
          classification: 'public',
        },
      ],
      counterpartCoSignature: {
        name: 'Carlos Vinueza',
        position: 'Director Ejecutivo',
        signedOn: '2028-01-20',
      },
      closedOn: '2028-01-22',
    };
    closed.irmAssessments.push({
      assessmentId: 'irm-2',
      stage: 'results',
      verifiable: true,
      relevantToOgpValues: true,
      potentialForResults: 'modest',
      completion: 'limited',
      earlyResults: 'marginal',
      narrative: 'Cumplimiento limitado.',
      assessedOn: '2028-04-30',
    });
    const text = visibleText(render('es', { detail: closed }));
    const self = text.indexOf('Autoevaluación de las partes');
    const irm = text.indexOf('Evaluación independiente del MRI');
    expect(self).toBeGreaterThan(0);
    expect(irm).toBeGreaterThan(self);
    const selfPart = text.slice(self, irm);
    expect(selfPart).toContain('Cerrado el 22 de enero de 2028');
    expect(selfPart).toContain('Nivel de cumplimiento Sustancial');
    expect(selfPart).toContain('¿Abrió el gobierno? Marginal');
    expect(selfPart).toContain('Resultados contenido reservado');
    expect(selfPart).toContain(
      'Cofirmado por Carlos Vinueza (Director Ejecutivo) el 20 de enero de 2028',
    );
    const irmPart = text.slice(irm);
    expect(irmPart).toContain('Informe de resultados');
    expect(irmPart).toContain('Cumplimiento Limitado');
    expect(irmPart).toContain('Resultados tempranos (¿abrió el gobierno?) Marginal');
  });

  it('given a withdrawal, then the page says when and why', () => {
    const withdrawn = detail();
    withdrawn.status = 'Withdrawn';
    withdrawn.withdrawal = {
      reason: 'El municipio lo asumió en su plan.',
      withdrawnOn: '2026-08-03',
    };
    const text = visibleText(render('es', { detail: withdrawn }));
    expect(text).toContain(
      'Retirado del plan el 3 de agosto de 2026. Motivo: El municipio lo asumió en su plan.',
    );
  });

  it('given the closure is not there yet, then the self-assessment and the IRM read apart', () => {
    const text = visibleText(render('es'));
    expect(text).toContain('El compromiso aún no se ha cerrado.');
    expect(text).toContain('Evaluación independiente del MRI');
    expect(text).toContain('Potencial de resultados Modesto');
  });
});
