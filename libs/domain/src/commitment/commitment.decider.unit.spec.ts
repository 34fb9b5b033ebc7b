import {
  ACTA_NUMBER,
  ACTA_PLACE,
  AT,
  COMMITMENT_ID,
  DeciderSpecification,
  FAE_ID,
  MDT_ID,
  OTHER_INSTITUTION_ID,
  PLAN_ID,
  SAMPLE_SHA256,
  actaSigned,
  actors,
  administratorDesignated,
  command,
  commitmentDrafted,
  commitmentStateOf,
  counterpartSigned,
  draftCommitmentData,
  evidence,
  faeRef,
  institutionSigned,
  mdtRef,
  milestones,
  planRef,
  readyToSignHistory,
  signatories,
  signedHistory,
} from '@hitos/testing';
import type { Actor } from '../kernel/actor';
import { DomainError } from '../kernel/domain-error';
import type {
  AnswerObjection,
  CompleteMilestone,
  PlanMilestone,
  ReportMilestoneProgress,
  ReviewProgressReport,
} from './milestones';
import {
  upcastCommitmentClosedV1toV2,
  type CloseCommitment,
  type CommitmentClosed,
  type WithdrawCommitment,
} from './closure';
import { summarizeEvent } from '../audit/event-summary';
import type { EvidenceInput } from './evidence';
import type { CommitmentCommand } from './commitment.commands';
import type { DesignateAdministrator, DraftCommitment, IdentifyResource, SignActa } from './acta';
import type { RecordIrmAssessment, SubmitReport } from './reports';
import { commitmentDecider } from './commitment.decider';
import {
  COMMITMENT_EVENT_SCHEMA_VERSIONS,
  commitmentStreamName,
  type CommitmentEvent,
} from './commitment.events';
import {
  upcastMilestoneProgressReportedV1toV2,
  upcastMilestoneProgressReportedV2toV3,
  upcastReplyV1toV2,
  upcastReplyV2toV3,
  type MilestoneProgressReported,
  type ObjectionAnswered,
  type ProgressReportReviewed,
} from './milestones';
import type {
  ConcurMilestoneReschedule,
  DeclineMilestoneReschedule,
  RequestMilestoneReschedule,
  WithdrawMilestoneRescheduleRequest,
} from './reschedules';
import type { CommitmentState, CommitmentStatus, ExistingCommitment } from './commitment.state';

const spec = DeciderSpecification.for(commitmentDecider);

// ── command builders: the fixture data, overridable, sent by the usual actor ─────────────

const draft = (data: Partial<DraftCommitment['data']> = {}, actor: Actor = actors.presidency) =>
  command<DraftCommitment>(
    'DraftCommitment',
    { ...draftCommitmentData(), ...data },
    actor,
    AT.drafting,
  );

const planMilestone = (data: Partial<PlanMilestone['data']> = {}, actor: Actor = actors.mdt) =>
  command<PlanMilestone>(
    'PlanMilestone',
    {
      milestoneId: 'h4',
      deliverable: 'Informe de sostenibilidad',
      weight: 10,
      start: '2027-01-01',
      due: '2027-06-30',
      ...data,
    },
    actor,
    AT.drafting,
  );

const designate = (data: Partial<DesignateAdministrator['data']> = {}, actor: Actor = actors.mdt) =>
  command<DesignateAdministrator>(
    'DesignateAdministrator',
    { ...administratorDesignated.data, ...data },
    actor,
    AT.drafting,
  );

const sign = (actor: Actor, data: Partial<SignActa['data']> = {}, now: string = AT.signing) =>
  command<SignActa>(
    'SignActa',
    {
      actaNumber: ACTA_NUMBER,
      signedOn: '2026-01-28',
      place: ACTA_PLACE,
      signatory: actor.role === 'institution' ? signatories.institution : signatories.counterpart,
      ...data,
    },
    actor,
    now,
  );

const identify = (data: Partial<IdentifyResource['data']> = {}, actor: Actor = actors.mdt) =>
  command<IdentifyResource>(
    'IdentifyResource',
    {
      resourceId: 'r1',
      kind: 'technical',
      description: 'Equipo técnico de la Dirección de Mejora Continua',
      ...data,
    },
    actor,
  );

const report = (
  data: Partial<ReportMilestoneProgress['data']> = {},
  actor: Actor = actors.mdt,
  now: string = AT.implementation,
) =>
  command<ReportMilestoneProgress>(
    'ReportMilestoneProgress',
    {
      reportId: 'p1',
      milestoneId: 'h1',
      percent: 50,
      narrative: 'Diagnóstico levantado en 12 de 24 servicios priorizados.',
      evidence: [evidence()],
      ...data,
    },
    actor,
    now,
  );

const review = (data: Partial<ReviewProgressReport['data']> = {}, actor: Actor = actors.fae) =>
  command<ReviewProgressReport>(
    'ReviewProgressReport',
    { reportId: 'p1', verdict: 'endorsed', ...data },
    actor,
    AT.review,
  );

const answer = (data: Partial<AnswerObjection['data']> = {}, actor: Actor = actors.mdt) =>
  command<AnswerObjection>(
    'AnswerObjection',
    { reportId: 'p1', answer: 'Se adjunta la base de datos completa del diagnóstico.', ...data },
    actor,
    AT.review,
  );

const complete = (milestoneId = 'h1', actor: Actor = actors.mdt) =>
  command<CompleteMilestone>('CompleteMilestone', { milestoneId }, actor, AT.review);

const submit = (data: Partial<SubmitReport['data']> = {}, actor: Actor = actors.mdt) =>
  command<SubmitReport>(
    'SubmitReport',
    {
      reportId: 's1',
      audience: 'core-group',
      title: 'Informe semestral de avance',
      summary: 'Avance del diagnóstico y próximos pasos.',
      classification: 'public',
      ...data,
    },
    actor,
  );

const close = (
  data: Partial<CloseCommitment['data']> = {},
  actor: Actor = actors.mdt,
  now: string = AT.lastDay,
) =>
  command<CloseCommitment>(
    'CloseCommitment',
    {
      resultsNarrative: 'La política de calidad se aplica en los servicios priorizados.',
      completion: 'complete',
      openedGovernment: 'major',
      evidence: [evidence({ title: 'Informe final' })],
      counterpartCoSignature: { ...signatories.counterpart, signedOn: '2027-12-30' },
      ...data,
    },
    actor,
    now,
  );

const irm = (data: Partial<RecordIrmAssessment['data']> = {}, actor: Actor = actors.auditor) =>
  command<RecordIrmAssessment>(
    'RecordIrmAssessment',
    {
      assessmentId: 'irm-design',
      stage: 'design',
      verifiable: true,
      relevantToOgpValues: true,
      potentialForResults: 'substantial',
      narrative: 'Compromiso verificable y relevante para la participación ciudadana.',
      ...data,
    },
    actor,
  );

const withdraw = (
  reason = 'Reprogramación del plan acordada con el Grupo Núcleo.',
  actor: Actor = actors.presidency,
) => command<WithdrawCommitment>('WithdrawCommitment', { reason }, actor);

// ── event builders ───────────────────────────────────────────────────────────────────────

const reported = (
  reportId: string,
  milestoneId: string,
  percent: number,
  reportedOn = '2026-06-15',
): MilestoneProgressReported => ({
  type: 'MilestoneProgressReported',
  data: {
    reportId,
    milestoneId,
    percent,
    narrative: `Avance del ${percent} %`,
    evidence: [{ ...evidence() }],
    reportedOn,
    classification: 'public',
  },
});

const reviewed = (
  reportId: string,
  milestoneId: string,
  verdict: 'endorsed' | 'objected' = 'endorsed',
  round = 1,
): ProgressReportReviewed => ({
  type: 'ProgressReportReviewed',
  data: {
    reportId,
    milestoneId,
    verdict,
    ...(verdict === 'objected' ? { reasons: 'Falta la base de datos.' } : {}),
    reviewedOn: '2026-06-20',
    classification: 'public',
    round,
  },
});

const answered = (reportId: string, milestoneId: string, round: number): ObjectionAnswered => ({
  type: 'ObjectionAnswered',
  data: {
    reportId,
    milestoneId,
    answer: round === 1 ? 'Se adjunta la base de datos.' : `Respuesta de la ronda ${round}.`,
    answeredOn: '2026-06-20',
    classification: 'public',
    round,
  },
});

/** A milestone claimed at 100%, endorsed and completed. */
const done = (milestoneId: string): CommitmentEvent[] => [
  reported(`${milestoneId}-100`, milestoneId, 100),
  reviewed(`${milestoneId}-100`, milestoneId),
  { type: 'MilestoneCompleted', data: { milestoneId, completedOn: '2026-06-20' } },
];

const completedHistory = (): CommitmentEvent[] => [
  ...signedHistory(),
  ...done('h1'),
  ...done('h2'),
  ...done('h3'),
  { type: 'CommitmentCompleted', data: { completedOn: '2026-06-20' } },
];

const closedHistory = (): CommitmentEvent[] => [
  ...completedHistory(),
  {
    type: 'CommitmentClosed',
    data: {
      resultsNarrative: 'Cumplido.',
      completion: 'complete',
      openedGovernment: 'major',
      evidence: [evidence()],
      counterpartCoSignature: { ...signatories.counterpart, signedOn: '2027-12-30' },
      closedOn: '2027-12-31',
      classification: 'public',
    },
  },
];

const withdrawn: CommitmentEvent = {
  type: 'CommitmentWithdrawn',
  data: { reason: 'Retirado', withdrawnOn: '2026-03-01' },
};

const requestReschedule = () =>
  command<RequestMilestoneReschedule>(
    'RequestMilestoneReschedule',
    {
      requestId: 'r1',
      milestoneId: 'h1',
      start: '2026-02-01',
      due: '2026-08-31',
      justification: 'Retraso en la contratación del equipo consultor.',
    },
    actors.mdt,
  );

const answerReschedule = <T extends 'ConcurMilestoneReschedule' | 'DeclineMilestoneReschedule'>(
  type: T,
  data: T extends 'DeclineMilestoneReschedule' ? { reasons: string } : object,
) =>
  command<ConcurMilestoneReschedule | DeclineMilestoneReschedule>(
    type,
    { requestId: 'r1', ...data, context: { plan: planRef() } } as never,
    actors.coreGroupMember,
  );

/** One valid-looking command of every kind but drafting, for blanket rules. */
const everyCommandButDraft = (): [string, CommitmentCommand][] => [
  ['PlanMilestone', planMilestone()],
  ['RequestMilestoneReschedule', requestReschedule()],
  ['ConcurMilestoneReschedule', answerReschedule('ConcurMilestoneReschedule', {})],
  ['DeclineMilestoneReschedule', answerReschedule('DeclineMilestoneReschedule', { reasons: 'No' })],
  [
    'WithdrawMilestoneRescheduleRequest',
    command<WithdrawMilestoneRescheduleRequest>(
      'WithdrawMilestoneRescheduleRequest',
      { requestId: 'r1', reason: 'Otra fecha' },
      actors.mdt,
    ),
  ],
  ['DesignateAdministrator', designate()],
  ['SignActa', sign(actors.mdt)],
  ['IdentifyResource', identify()],
  ['ReportMilestoneProgress', report()],
  ['ReviewProgressReport', review()],
  ['AnswerObjection', answer()],
  ['CompleteMilestone', complete()],
  ['SubmitReport', submit()],
  ['CloseCommitment', close()],
  ['RecordIrmAssessment', irm()],
  ['WithdrawCommitment', withdraw()],
];

describe('commitment decider', () => {
  describe('DraftCommitment', () => {
    it('drafts the commitment for the presidency, following the OGP template', () => {
      spec.given([]).when(draft()).then([commitmentDrafted]);
    });

    it('lets the institution named as responsible draft it', () => {
      spec.given([]).when(draft({}, actors.mdt)).then([commitmentDrafted]);
    });

    it('starts in Draft with nothing planned, signed or reported', () => {
      spec
        .given([])
        .when(draft())
        .thenState((state) => {
          expect(state).toMatchObject({
            status: 'Draft',
            commitmentId: COMMITMENT_ID,
            title: 'Implementación de la Política de Calidad de los Servicios Públicos',
            period: { start: '2026-01-01', end: '2027-12-31' },
            milestones: [],
            administrator: null,
            signatures: { institution: null, counterpart: null },
            acta: null,
            progress: 0,
          });
        });
    });

    it('refuses an institution that is not the one named as responsible', () => {
      spec
        .given([])
        .when(draft({}, actors.otherInstitution))
        .thenError('FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION', {
          kind: 'forbidden',
          details: { institutionId: MDT_ID, actorOrganizationId: OTHER_INSTITUTION_ID },
        });
    });

    it.each([actors.fae, actors.auditor, actors.coreGroup, actors.citizen])(
      'refuses role $role',
      (actor) => {
        spec.given([]).when(draft({}, actor)).thenError('ROLE_NOT_ALLOWED', { kind: 'forbidden' });
      },
    );

    it('refuses to draft twice', () => {
      spec
        .given([commitmentDrafted])
        .when(draft())
        .thenError('COMMITMENT_ALREADY_DRAFTED', {
          kind: 'rule',
          details: { commitmentId: COMMITMENT_ID },
        });
    });

    it('refuses a plan that does not exist', () => {
      spec
        .given([])
        .when(
          draft({
            context: { ...draftCommitmentData().context, plan: { ...planRef(), exists: false } },
          }),
        )
        .thenError('PLAN_NOT_FOUND', { kind: 'not-found', details: { planId: PLAN_ID } });
    });

    it('refuses an institution that does not exist', () => {
      spec
        .given([])
        .when(
          draft({
            context: {
              ...draftCommitmentData().context,
              institution: { ...mdtRef(), exists: false },
            },
          }),
        )
        .thenError('INSTITUTION_NOT_FOUND', {
          kind: 'not-found',
          details: { institutionId: MDT_ID },
        });
    });

    it.each(['redesigned', 'abolished'] as const)('refuses an institution that is %s', (status) => {
      spec
        .given([])
        .when(
          draft({
            context: { ...draftCommitmentData().context, institution: { ...mdtRef(), status } },
          }),
        )
        .thenError('INSTITUTION_NOT_ACTIVE', { kind: 'rule', details: { status } });
    });

    it('refuses a counterpart organization that does not exist', () => {
      spec
        .given([])
        .when(
          draft({
            context: {
              ...draftCommitmentData().context,
              counterpart: { ...faeRef(), exists: false },
            },
          }),
        )
        .thenError('ORGANIZATION_NOT_FOUND', {
          kind: 'not-found',
          details: { organizationId: FAE_ID },
        });
    });

    it('refuses a counterpart sector that differs from the registered one', () => {
      spec
        .given([])
        .when(draft({ counterpart: { organizationId: FAE_ID, sector: 'academia' } }))
        .thenError('COUNTERPART_SECTOR_MISMATCH', {
          kind: 'invalid',
          details: { declared: 'academia', registered: 'civil-society' },
        });
    });

    it.each([
      ['context.plan', { plan: { ...planRef(), planId: 'otro-plan' } }],
      ['context.institution', { institution: { ...mdtRef(), institutionId: 'otra' } }],
      ['context.counterpart', { counterpart: { ...faeRef(), organizationId: 'otra' } }],
    ])('refuses a %s that describes another stream', (field, context) => {
      spec
        .given([])
        .when(draft({ context: { ...draftCommitmentData().context, ...context } }))
        .thenError('CONTEXT_MISMATCH', { kind: 'invalid', details: { field } });
    });

    it.each([
      ['starts before the plan', { start: '2025-12-31', end: '2027-12-31' }],
      ['ends after the plan', { start: '2026-01-01', end: '2028-01-01' }],
    ])('refuses a period that %s', (_, period) => {
      spec
        .given([])
        .when(draft({ period }))
        .thenError('COMMITMENT_PERIOD_OUTSIDE_PLAN', {
          kind: 'rule',
          details: { field: 'period' },
        });
    });

    it('refuses a period that ends before it starts', () => {
      spec
        .given([])
        .when(draft({ period: { start: '2027-01-01', end: '2026-12-31' } }))
        .thenError('PERIOD_END_BEFORE_START', { kind: 'invalid', details: { field: 'period' } });
    });

    it.each([
      ['no pillar', {}],
      ['only blank explanations', { transparency: '  ' }],
      ['only unknown pillars', { religion: 'x' }],
    ])('refuses relevance with %s', (_, relevance) => {
      spec
        .given([])
        .when(draft({ relevance: relevance as never }))
        .thenError('RELEVANCE_PILLAR_REQUIRED', { kind: 'invalid' });
    });

    it('keeps only the four pillars of the acta', () => {
      spec
        .given([])
        .when(draft({ relevance: { accountability: 'Rinde cuentas.', otro: 'x' } as never }))
        .thenState((state) => {
          expect((state as ExistingCommitment).relevance).toEqual({
            accountability: 'Rinde cuentas.',
          });
        });
    });

    it.each([0, -1, 1.5])('refuses number %p', (number) => {
      spec
        .given([])
        .when(draft({ number }))
        .thenError('INVALID_FIELD', { kind: 'invalid', details: { field: 'number' } });
    });

    it('refuses a contact e-mail that is not one', () => {
      spec
        .given([])
        .when(draft({ contact: { name: 'P', position: 'D', email: 'trabajo.gob.ec' } }))
        .thenError('INVALID_FIELD', { details: { field: 'contact.email' } });
    });

    it('refuses a missing problem statement', () => {
      spec
        .given([])
        .when(draft({ problem: '' }))
        .thenError('REQUIRED_FIELD_MISSING', { kind: 'invalid', details: { field: 'problem' } });
    });

    it('refuses a command without the cross-stream context', () => {
      spec
        .given([])
        .when(
          draft({ context: { ...draftCommitmentData().context, institution: undefined as never } }),
        )
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'context.institution' } });
    });

    it('refuses a supporting actor of an unknown sector', () => {
      spec
        .given([])
        .when(draft({ supportingActors: [{ name: 'X', sector: 'church' as never }] }))
        .thenError('INVALID_FIELD', { details: { field: 'supportingActors[0].sector' } });
    });
  });

  describe('an empty stream', () => {
    it.each(everyCommandButDraft())('refuses %s: the commitment does not exist', (_, cmd) => {
      spec.given([]).when(cmd).thenError('COMMITMENT_NOT_FOUND', { kind: 'not-found' });
    });
  });

  describe('PlanMilestone', () => {
    it('plans a milestone in Draft, its dates becoming the baseline', () => {
      spec
        .given([commitmentDrafted])
        .when(planMilestone())
        .then([
          {
            type: 'MilestonePlanned',
            data: {
              milestoneId: 'h4',
              deliverable: 'Informe de sostenibilidad',
              weight: 10,
              start: '2027-01-01',
              due: '2027-06-30',
            },
          },
        ]);
      spec
        .given([commitmentDrafted])
        .when(planMilestone())
        .thenState((state) =>
          expect((state as ExistingCommitment).milestones[0]).toEqual({
            milestoneId: 'h4',
            deliverable: 'Informe de sostenibilidad',
            weight: 10,
            baselineStart: '2027-01-01',
            baselineDue: '2027-06-30',
            start: '2027-01-01',
            due: '2027-06-30',
            slips: 0,
            reschedules: [],
            rescheduleRequests: [],
            reports: [],
            lastEndorsedPercent: 0,
            completed: false,
            completedOn: null,
            overdueSince: null,
          }),
        );
    });

    it('plans a milestone in implementation when the weights leave room', () => {
      const history = [
        commitmentDrafted,
        milestones.diagnosis,
        milestones.standards,
        administratorDesignated,
        institutionSigned,
        counterpartSigned,
        actaSigned,
      ];
      spec
        .given(history)
        .when(planMilestone({ weight: 30 }))
        .thenState((state) => {
          expect(state.status).toBe('InImplementation');
          expect((state as ExistingCommitment).milestones.map((m) => m.milestoneId)).toEqual([
            'h1',
            'h2',
            'h4',
          ]);
        });
    });

    it('accepts milestones on the first and last day of the period', () => {
      const result = spec
        .given([commitmentDrafted])
        .when(planMilestone({ start: '2026-01-01', due: '2027-12-31' }))
        .decision();
      expect(DomainError.is(result)).toBe(false);
    });

    it.each([
      ['starts before the period', { start: '2025-12-31' }],
      ['is due after the period', { due: '2028-01-01' }],
    ])('refuses a milestone that %s', (_, dates) => {
      spec
        .given([commitmentDrafted])
        .when(planMilestone(dates))
        .thenError('MILESTONE_OUTSIDE_COMMITMENT_PERIOD', {
          kind: 'rule',
          details: { milestoneId: 'h4' },
        });
    });

    it('refuses a due date before the start', () => {
      spec
        .given([commitmentDrafted])
        .when(planMilestone({ start: '2027-06-30', due: '2027-01-01' }))
        .thenError('PERIOD_END_BEFORE_START', { kind: 'invalid', details: { field: 'milestone' } });
    });

    it('refuses a milestone id already planned', () => {
      spec
        .given([commitmentDrafted, milestones.diagnosis])
        .when(planMilestone({ milestoneId: 'h1' }))
        .thenError('MILESTONE_ID_DUPLICATE', { kind: 'rule', details: { milestoneId: 'h1' } });
    });

    it('refuses weights adding up to more than 100', () => {
      spec
        .given(readyToSignHistory())
        .when(planMilestone({ weight: 1 }))
        .thenError('MILESTONE_TOTAL_WEIGHT_EXCEEDED', {
          kind: 'rule',
          details: { planned: 100, requested: 1, max: 100 },
        });
    });

    it('accepts weights adding up to exactly 100', () => {
      spec
        .given([commitmentDrafted, milestones.diagnosis, milestones.standards])
        .when(planMilestone({ weight: 30 }))
        .thenState((state) =>
          expect((state as ExistingCommitment).milestones.reduce((s, m) => s + m.weight, 0)).toBe(
            100,
          ),
        );
    });

    it.each([0, 101, 12.5])('refuses weight %p', (weight) => {
      spec
        .given([commitmentDrafted])
        .when(planMilestone({ weight }))
        .thenError('INVALID_FIELD', { details: { field: 'weight' } });
    });

    it('refuses the presidency: the responsible institution plans', () => {
      spec
        .given([commitmentDrafted])
        .when(planMilestone({}, actors.presidency))
        .thenError('ROLE_NOT_ALLOWED', { kind: 'forbidden' });
    });

    it('refuses another institution', () => {
      spec
        .given([commitmentDrafted])
        .when(planMilestone({}, actors.otherInstitution))
        .thenError('FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION', { kind: 'forbidden' });
    });

    it('refuses once the commitment is completed', () => {
      spec
        .given(completedHistory())
        .when(planMilestone())
        .thenError('COMMAND_NOT_ALLOWED_IN_STATUS', {
          kind: 'rule',
          details: { status: 'Completed' },
        });
    });
  });

  describe('DesignateAdministrator', () => {
    it('designates the acta administrator', () => {
      spec.given([commitmentDrafted]).when(designate()).then([administratorDesignated]);
    });

    it('re-designates: the later designation replaces the earlier', () => {
      spec
        .given(signedHistory())
        .when(designate({ name: 'Nuevo Director' }))
        .thenState((state) =>
          expect((state as ExistingCommitment).administrator?.name).toBe('Nuevo Director'),
        );
    });

    it('refuses an invalid e-mail', () => {
      spec
        .given([commitmentDrafted])
        .when(designate({ email: 'no-es-correo' }))
        .thenError('INVALID_FIELD', { details: { field: 'email' } });
    });

    it('refuses the counterpart', () => {
      spec.given([commitmentDrafted]).when(designate({}, actors.fae)).thenError('ROLE_NOT_ALLOWED');
    });

    it('refuses once completed', () => {
      spec.given(completedHistory()).when(designate()).thenError('COMMAND_NOT_ALLOWED_IN_STATUS');
    });
  });

  describe('SignActa', () => {
    it('records the first signature and stays in Draft: the acta needs both parties', () => {
      spec.given(readyToSignHistory()).when(sign(actors.mdt)).then([institutionSigned]);
      spec
        .given(readyToSignHistory())
        .when(sign(actors.mdt))
        .thenState((state) => {
          expect(state.status).toBe('Draft');
          expect((state as ExistingCommitment).signatures.institution).toEqual({
            actaNumber: ACTA_NUMBER,
            signedOn: '2026-01-28',
            place: ACTA_PLACE,
            signatory: signatories.institution,
          });
        });
    });

    it('validates the acta with the second signature and starts implementation', () => {
      spec
        .given([...readyToSignHistory(), institutionSigned])
        .when(sign(actors.fae))
        .then([counterpartSigned, actaSigned]);
      spec
        .given([...readyToSignHistory(), institutionSigned])
        .when(sign(actors.fae))
        .thenState((state) => {
          expect(state.status).toBe('InImplementation');
          expect((state as ExistingCommitment).acta).toEqual(actaSigned.data);
        });
    });

    it('dates the acta by the later signature, whichever party signs first', () => {
      const counterpartFirst = {
        ...counterpartSigned,
        data: { ...counterpartSigned.data, signedOn: '2026-01-27' },
      };
      spec
        .given([...readyToSignHistory(), counterpartFirst])
        .when(sign(actors.mdt))
        .then([
          institutionSigned,
          { type: 'ActaSigned', data: { ...actaSigned.data, signedOn: '2026-01-28' } },
        ]);
    });

    it('refuses a signature before an administrator is designated', () => {
      spec
        .given([commitmentDrafted, milestones.diagnosis])
        .when(sign(actors.mdt))
        .thenError('ADMINISTRATOR_NOT_DESIGNATED', { kind: 'rule' });
    });

    it('refuses a signature before any milestone is planned', () => {
      spec
        .given([commitmentDrafted, administratorDesignated])
        .when(sign(actors.fae))
        .thenError('NO_MILESTONES_PLANNED', { kind: 'rule' });
    });

    it.each([
      ['institution', actors.mdt, institutionSigned],
      ['counterpart', actors.fae, counterpartSigned],
    ] as const)('refuses the %s signing twice', (party, actor, signed) => {
      spec
        .given([...readyToSignHistory(), signed])
        .when(sign(actor))
        .thenError('ACTA_ALREADY_SIGNED_BY_PARTY', { kind: 'rule', details: { party } });
    });

    it('refuses an acta number that differs from the first signature', () => {
      spec
        .given([...readyToSignHistory(), institutionSigned])
        .when(sign(actors.fae, { actaNumber: 'MDT-CDC-2026-002' }))
        .thenError('ACTA_NUMBER_MISMATCH', {
          kind: 'rule',
          details: { expected: ACTA_NUMBER, actual: 'MDT-CDC-2026-002' },
        });
    });

    it('refuses a place that differs from the first signature', () => {
      spec
        .given([...readyToSignHistory(), institutionSigned])
        .when(sign(actors.fae, { place: 'Guayaquil' }))
        .thenError('ACTA_PLACE_MISMATCH', {
          kind: 'rule',
          details: { expected: ACTA_PLACE, actual: 'Guayaquil' },
        });
    });

    it('refuses a signature dated after the request', () => {
      spec
        .given(readyToSignHistory())
        .when(sign(actors.mdt, { signedOn: '2026-01-29' }))
        .thenError('DATE_IN_FUTURE', { kind: 'invalid', details: { field: 'signedOn' } });
    });

    it('refuses a signature once the acta is signed', () => {
      spec
        .given(signedHistory())
        .when(sign(actors.mdt))
        .thenError('COMMAND_NOT_ALLOWED_IN_STATUS', { details: { status: 'InImplementation' } });
    });

    it('refuses another institution and another counterpart', () => {
      spec
        .given(readyToSignHistory())
        .when(sign(actors.otherInstitution))
        .thenError('FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION', { kind: 'forbidden' });
      spec
        .given(readyToSignHistory())
        .when(sign(actors.otherCounterpart))
        .thenError('FORBIDDEN_NOT_COUNTERPART', {
          kind: 'forbidden',
          details: { organizationId: FAE_ID },
        });
    });

    it('refuses the presidency: only the parties sign', () => {
      spec.given(readyToSignHistory()).when(sign(actors.presidency)).thenError('ROLE_NOT_ALLOWED');
    });

    it('refuses a signatory without a position', () => {
      spec
        .given(readyToSignHistory())
        .when(sign(actors.mdt, { signatory: { name: 'X', position: '' } }))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'signatory.position' } });
    });
  });

  describe('IdentifyResource', () => {
    it('identifies a technical resource', () => {
      spec
        .given([commitmentDrafted])
        .when(identify())
        .then([
          {
            type: 'ResourceIdentified',
            data: {
              resourceId: 'r1',
              kind: 'technical',
              description: 'Equipo técnico de la Dirección de Mejora Continua',
            },
          },
        ]);
    });

    it('identifies a financial resource subject to budget availability', () => {
      spec
        .given(signedHistory())
        .when(
          identify({
            kind: 'financial',
            estimatedAmount: { amount: 25000, currency: 'USD' },
            budgetCertification: 'Certificación presupuestaria No. 45',
          }),
        )
        .thenState((state) =>
          expect((state as ExistingCommitment).resources).toEqual([
            {
              resourceId: 'r1',
              kind: 'financial',
              description: 'Equipo técnico de la Dirección de Mejora Continua',
              estimatedAmount: { amount: 25000, currency: 'USD' },
              budgetCertification: 'Certificación presupuestaria No. 45',
            },
          ]),
        );
    });

    it('refuses a financial resource without budget certification (art. 115 COPLAFIP)', () => {
      spec
        .given([commitmentDrafted])
        .when(identify({ kind: 'financial' }))
        .thenError('RESOURCE_BUDGET_CERTIFICATION_REQUIRED', {
          kind: 'invalid',
          details: { field: 'budgetCertification' },
        });
    });

    it('refuses a cooperation resource without the cooperant', () => {
      spec
        .given([commitmentDrafted])
        .when(identify({ kind: 'cooperation' }))
        .thenError('RESOURCE_COOPERANT_REQUIRED', {
          kind: 'invalid',
          details: { field: 'cooperant' },
        });
      expect(
        DomainError.is(
          spec
            .given([commitmentDrafted])
            .when(identify({ kind: 'cooperation', cooperant: 'GIZ' }))
            .decision(),
        ),
      ).toBe(false);
    });

    it('refuses a resource id already used', () => {
      const first = spec
        .given([commitmentDrafted])
        .when(identify())
        .decision() as CommitmentEvent[];
      spec
        .given([commitmentDrafted, ...first])
        .when(identify())
        .thenError('RESOURCE_ID_DUPLICATE', { kind: 'rule', details: { resourceId: 'r1' } });
    });

    it('refuses a currency that is not ISO 4217 and a negative amount', () => {
      spec
        .given([commitmentDrafted])
        .when(identify({ estimatedAmount: { amount: 10, currency: 'dólares' } }))
        .thenError('INVALID_FIELD', { details: { field: 'estimatedAmount.currency' } });
      spec
        .given([commitmentDrafted])
        .when(identify({ estimatedAmount: { amount: -1, currency: 'USD' } }))
        .thenError('INVALID_FIELD', { details: { field: 'estimatedAmount.amount' } });
    });

    it('refuses an unknown kind and the counterpart', () => {
      spec
        .given([commitmentDrafted])
        .when(identify({ kind: 'spiritual' as never }))
        .thenError('INVALID_FIELD', { details: { field: 'kind' } });
      spec.given([commitmentDrafted]).when(identify({}, actors.fae)).thenError('ROLE_NOT_ALLOWED');
    });
  });

  describe('ReportMilestoneProgress', () => {
    it('records the claim with its evidence, dated by the request', () => {
      spec
        .given(signedHistory())
        .when(report({ evidence: [evidence({ sha256: SAMPLE_SHA256.toUpperCase() })] }))
        .then([
          {
            type: 'MilestoneProgressReported',
            data: {
              reportId: 'p1',
              milestoneId: 'h1',
              percent: 50,
              narrative: 'Diagnóstico levantado en 12 de 24 servicios priorizados.',
              evidence: [evidence()],
              reportedOn: '2026-06-15',
              classification: 'public',
            },
          },
        ]);
    });

    it('does not move progress until the counterpart endorses', () => {
      spec
        .given(signedHistory())
        .when(report())
        .thenState((state) => expect((state as ExistingCommitment).progress).toBe(0));
    });

    it('refuses a report before both parties signed', () => {
      spec
        .given([...readyToSignHistory(), institutionSigned])
        .when(report())
        .thenError('COMMAND_NOT_ALLOWED_IN_STATUS', { kind: 'rule', details: { status: 'Draft' } });
    });

    it('refuses an unknown milestone', () => {
      spec
        .given(signedHistory())
        .when(report({ milestoneId: 'h9' }))
        .thenError('MILESTONE_NOT_FOUND');
    });

    it('refuses a completed milestone', () => {
      spec
        .given([...signedHistory(), ...done('h1')])
        .when(report({ percent: 100 }))
        .thenError('MILESTONE_ALREADY_COMPLETED');
    });

    it('refuses a claim below the last endorsed percent', () => {
      spec
        .given([...signedHistory(), reported('p0', 'h1', 60), reviewed('p0', 'h1')])
        .when(report({ percent: 59 }))
        .thenError('PROGRESS_BELOW_ENDORSED', {
          kind: 'rule',
          details: { percent: 59, lastEndorsedPercent: 60 },
        });
    });

    it('accepts a claim equal to the last endorsed percent, and below an unendorsed one', () => {
      const endorsed = [...signedHistory(), reported('p0', 'h1', 60), reviewed('p0', 'h1')];
      expect(
        DomainError.is(
          spec
            .given(endorsed)
            .when(report({ percent: 60 }))
            .decision(),
        ),
      ).toBe(false);
      const objected = [
        ...signedHistory(),
        reported('p0', 'h1', 60),
        reviewed('p0', 'h1', 'objected'),
      ];
      expect(
        DomainError.is(
          spec
            .given(objected)
            .when(report({ percent: 40 }))
            .decision(),
        ),
      ).toBe(false);
    });

    it('refuses a 100% claim without evidence', () => {
      spec
        .given(signedHistory())
        .when(report({ percent: 100, evidence: [] }))
        .thenError('PROGRESS_EVIDENCE_REQUIRED', { kind: 'rule', details: { milestoneId: 'h1' } });
    });

    it('accepts a partial claim without evidence', () => {
      expect(
        DomainError.is(
          spec
            .given(signedHistory())
            .when(report({ evidence: [] }))
            .decision(),
        ),
      ).toBe(false);
    });

    it.each(['', 'abc', 'g'.repeat(64), undefined])('refuses evidence hash %p', (sha256) => {
      spec
        .given(signedHistory())
        .when(report({ evidence: [evidence({ sha256: sha256 as string })] }))
        .thenError('EVIDENCE_HASH_INVALID', {
          kind: 'invalid',
          details: { field: 'evidence[0].sha256' },
        });
    });

    it('refuses evidence with an unknown classification', () => {
      spec
        .given(signedHistory())
        .when(report({ evidence: [evidence({ classification: 'secret' as never })] }))
        .thenError('INVALID_FIELD', { details: { field: 'evidence[0].classification' } });
    });

    it('refuses a report id already used, even on another milestone', () => {
      spec
        .given([...signedHistory(), reported('p1', 'h2', 10)])
        .when(report())
        .thenError('PROGRESS_REPORT_ID_DUPLICATE', { kind: 'rule', details: { reportId: 'p1' } });
    });

    it.each([-1, 101, 50.5])('refuses percent %p', (percent) => {
      spec
        .given(signedHistory())
        .when(report({ percent }))
        .thenError('INVALID_FIELD', { details: { field: 'percent' } });
    });

    it('refuses the counterpart and another institution', () => {
      spec.given(signedHistory()).when(report({}, actors.fae)).thenError('ROLE_NOT_ALLOWED');
      spec
        .given(signedHistory())
        .when(report({}, actors.otherInstitution))
        .thenError('FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION');
    });
  });

  describe('ReviewProgressReport', () => {
    const claimed = () => [...signedHistory(), reported('p1', 'h1', 50)];

    it('endorses a claim, which then counts towards progress', () => {
      spec
        .given(claimed())
        .when(review())
        .then([reviewed('p1', 'h1')]);
      spec
        .given(claimed())
        .when(review())
        .thenState((state) => {
          const commitment = state as ExistingCommitment;
          expect(commitment.milestones[0].lastEndorsedPercent).toBe(50);
          expect(commitment.progress).toBe(15);
        });
    });

    it('objects with reasons; the objection stays beside the claim and progress does not move', () => {
      spec
        .given(claimed())
        .when(review({ verdict: 'objected', reasons: 'Falta la base de datos.' }))
        .then([reviewed('p1', 'h1', 'objected')]);
      spec
        .given(claimed())
        .when(review({ verdict: 'objected', reasons: 'Falta la base de datos.' }))
        .thenState((state) => {
          const commitment = state as ExistingCommitment;
          expect(commitment.milestones[0].reports[0]).toMatchObject({
            percent: 50,
            review: {
              verdict: 'objected',
              reasons: 'Falta la base de datos.',
              reviewedOn: '2026-06-20',
            },
            answer: null,
          });
          expect(commitment.progress).toBe(0);
        });
    });

    it('refuses an objection without reasons', () => {
      spec
        .given(claimed())
        .when(review({ verdict: 'objected' }))
        .thenError('OBJECTION_REASONS_REQUIRED', {
          kind: 'invalid',
          details: { field: 'reasons' },
        });
    });

    it('refuses a review while the objection waits for its answer (OBJECTION_AWAITING_ANSWER)', () => {
      spec
        .given([...claimed(), reviewed('p1', 'h1', 'objected')])
        .when(review())
        .thenError('OBJECTION_AWAITING_ANSWER', {
          kind: 'rule',
          details: { reportId: 'p1', round: 1 },
        });
      spec
        .given([
          ...claimed(),
          reviewed('p1', 'h1', 'objected'),
          answered('p1', 'h1', 1),
          reviewed('p1', 'h1', 'objected', 2),
        ])
        .when(review({ verdict: 'objected', reasons: 'Sigue faltando.' }))
        .thenError('OBJECTION_AWAITING_ANSWER', { details: { round: 2 } });
    });

    it('refuses to review an endorsed report again, in any round (PROGRESS_REPORT_ALREADY_REVIEWED)', () => {
      spec
        .given([...claimed(), reviewed('p1', 'h1')])
        .when(review({ verdict: 'objected', reasons: 'Otra vez.' }))
        .thenError('PROGRESS_REPORT_ALREADY_REVIEWED', {
          kind: 'rule',
          details: { verdict: 'endorsed' },
        });
      spec
        .given([
          ...claimed(),
          reviewed('p1', 'h1', 'objected'),
          answered('p1', 'h1', 1),
          reviewed('p1', 'h1', 'endorsed', 2),
        ])
        .when(review())
        .thenError('PROGRESS_REPORT_ALREADY_REVIEWED', { details: { verdict: 'endorsed' } });
    });

    describe('in rounds, after the institution answers', () => {
      const answeredOnce = () => [
        ...claimed(),
        reviewed('p1', 'h1', 'objected'),
        answered('p1', 'h1', 1),
      ];

      it('given an answered objection, when the counterpart endorses, then round 2 ends in an endorsement that counts towards progress', () => {
        spec
          .given(answeredOnce())
          .when(review())
          .then([reviewed('p1', 'h1', 'endorsed', 2)]);
        spec
          .given(answeredOnce())
          .when(review())
          .thenState((state) => {
            const commitment = state as ExistingCommitment;
            const report = commitment.milestones[0].reports[0];
            expect(report.reviewStatus).toBe('endorsed');
            expect(report.rounds).toHaveLength(1);
            expect(report.endorsement).toMatchObject({ verdict: 'endorsed', round: 2 });
            expect(commitment.milestones[0].lastEndorsedPercent).toBe(50);
            expect(commitment.progress).toBe(15);
          });
      });

      it('given an answered objection, when the counterpart objects again, then round 2 opens with the new reasons', () => {
        const again = review({ verdict: 'objected', reasons: 'La base sigue incompleta.' });
        spec
          .given(answeredOnce())
          .when(again)
          .then([
            {
              type: 'ProgressReportReviewed',
              data: {
                reportId: 'p1',
                milestoneId: 'h1',
                verdict: 'objected',
                reasons: 'La base sigue incompleta.',
                reviewedOn: '2026-06-20',
                classification: 'public',
                round: 2,
              },
            },
          ]);
        spec
          .given(answeredOnce())
          .when(again)
          .thenState((state) => {
            const commitment = state as ExistingCommitment;
            const report = commitment.milestones[0].reports[0];
            expect(report.reviewStatus).toBe('objected');
            expect(
              report.rounds.map((r) => [r.round, r.objection.reasons, r.answer?.answer]),
            ).toEqual([
              [1, 'Falta la base de datos.', 'Se adjunta la base de datos.'],
              [2, 'La base sigue incompleta.', undefined],
            ]);
            // The latest review and answer, as before rounds: round 2's objection, no answer yet.
            expect(report.review).toMatchObject({ verdict: 'objected', round: 2 });
            expect(report.answer).toBeNull();
            expect(commitment.progress).toBe(0);
          });
      });

      it('keeps the whole exchange: objection, answer, objection, answer, endorsement', () => {
        spec
          .given([...answeredOnce(), reviewed('p1', 'h1', 'objected', 2), answered('p1', 'h1', 2)])
          .when(review())
          .then([reviewed('p1', 'h1', 'endorsed', 3)]);
        spec
          .given([
            ...answeredOnce(),
            reviewed('p1', 'h1', 'objected', 2),
            answered('p1', 'h1', 2),
            reviewed('p1', 'h1', 'endorsed', 3),
          ])
          .when(review())
          .thenError('PROGRESS_REPORT_ALREADY_REVIEWED');
      });

      it('goes pending review → objected → answered → endorsed', () => {
        const statuses = [
          reported('p1', 'h1', 50),
          reviewed('p1', 'h1', 'objected'),
          answered('p1', 'h1', 1),
          reviewed('p1', 'h1', 'objected', 2),
          answered('p1', 'h1', 2),
          reviewed('p1', 'h1', 'endorsed', 3),
        ].map((event, i, events) => {
          const state = commitmentStateOf([...signedHistory(), ...events.slice(0, i + 1)]);
          return (state as ExistingCommitment).milestones[0].reports[0].reviewStatus;
        });
        expect(statuses).toEqual([
          'pending-review',
          'objected',
          'answered',
          'objected',
          'answered',
          'endorsed',
        ]);
      });
    });

    it('refuses an unknown report', () => {
      spec
        .given(claimed())
        .when(review({ reportId: 'p9' }))
        .thenError('PROGRESS_REPORT_NOT_FOUND', { kind: 'not-found', details: { reportId: 'p9' } });
    });

    it('refuses an unknown verdict', () => {
      spec
        .given(claimed())
        .when(review({ verdict: 'maybe' as never }))
        .thenError('INVALID_FIELD', { details: { field: 'verdict' } });
    });

    it('refuses the institution reviewing its own claim, and another counterpart', () => {
      spec.given(claimed()).when(review({}, actors.mdt)).thenError('ROLE_NOT_ALLOWED');
      spec
        .given(claimed())
        .when(review({}, actors.otherCounterpart))
        .thenError('FORBIDDEN_NOT_COUNTERPART');
    });
  });

  describe('AnswerObjection', () => {
    const objected = () => [
      ...signedHistory(),
      reported('p1', 'h1', 50),
      reviewed('p1', 'h1', 'objected'),
    ];

    it('answers an objection, which stays on record with its answer', () => {
      spec
        .given(objected())
        .when(answer())
        .then([
          {
            type: 'ObjectionAnswered',
            data: {
              reportId: 'p1',
              milestoneId: 'h1',
              answer: 'Se adjunta la base de datos completa del diagnóstico.',
              answeredOn: '2026-06-20',
              classification: 'public',
              round: 1,
            },
          },
        ]);
      spec
        .given(objected())
        .when(answer())
        .thenState((state) =>
          expect((state as ExistingCommitment).milestones[0].reports[0]).toMatchObject({
            review: { verdict: 'objected' },
            answer: {
              answer: 'Se adjunta la base de datos completa del diagnóstico.',
              answeredOn: '2026-06-20',
            },
          }),
        );
    });

    it('refuses to answer an endorsed or unreviewed report', () => {
      spec
        .given([...signedHistory(), reported('p1', 'h1', 50), reviewed('p1', 'h1')])
        .when(answer())
        .thenError('REPORT_NOT_OBJECTED', { kind: 'rule' });
      spec
        .given([...signedHistory(), reported('p1', 'h1', 50)])
        .when(answer())
        .thenError('REPORT_NOT_OBJECTED', { kind: 'rule' });
    });

    it('refuses a second answer', () => {
      spec
        .given([...objected(), answered('p1', 'h1', 1)])
        .when(answer())
        .thenError('OBJECTION_ALREADY_ANSWERED', { kind: 'rule' });
    });

    it('answers the open objection of a later round, naming that round', () => {
      spec
        .given([...objected(), answered('p1', 'h1', 1), reviewed('p1', 'h1', 'objected', 2)])
        .when(answer({ answer: 'Se adjunta la base depurada.' }))
        .then([
          {
            type: 'ObjectionAnswered',
            data: {
              reportId: 'p1',
              milestoneId: 'h1',
              answer: 'Se adjunta la base depurada.',
              answeredOn: '2026-06-20',
              classification: 'public',
              round: 2,
            },
          },
        ]);
    });

    it('refuses an answer when no objection is open: round 2 answered, or endorsed after answers', () => {
      const twoRounds = [
        ...objected(),
        answered('p1', 'h1', 1),
        reviewed('p1', 'h1', 'objected', 2),
        answered('p1', 'h1', 2),
      ];
      spec
        .given(twoRounds)
        .when(answer())
        .thenError('OBJECTION_ALREADY_ANSWERED', { kind: 'rule', details: { reportId: 'p1' } });
      spec
        .given([...twoRounds, reviewed('p1', 'h1', 'endorsed', 3)])
        .when(answer())
        .thenError('REPORT_NOT_OBJECTED', { kind: 'rule', details: { reportId: 'p1' } });
    });

    it('refuses an unknown report and the counterpart', () => {
      spec
        .given(objected())
        .when(answer({ reportId: 'p9' }))
        .thenError('PROGRESS_REPORT_NOT_FOUND');
      spec.given(objected()).when(answer({}, actors.fae)).thenError('ROLE_NOT_ALLOWED');
    });
  });

  describe('CompleteMilestone', () => {
    const endorsed100 = (milestoneId = 'h1') => [
      reported(`${milestoneId}-100`, milestoneId, 100),
      reviewed(`${milestoneId}-100`, milestoneId),
    ];

    it('completes a milestone with an endorsed 100% report', () => {
      spec
        .given([...signedHistory(), ...endorsed100()])
        .when(complete())
        .then([
          { type: 'MilestoneCompleted', data: { milestoneId: 'h1', completedOn: '2026-06-20' } },
        ]);
      spec
        .given([...signedHistory(), ...endorsed100()])
        .when(complete())
        .thenState((state) => {
          expect(state.status).toBe('InImplementation');
          expect((state as ExistingCommitment).milestones[0]).toMatchObject({
            completed: true,
            completedOn: '2026-06-20',
          });
          expect((state as ExistingCommitment).progress).toBe(30);
        });
    });

    it('completes the commitment with its last milestone', () => {
      spec
        .given([...signedHistory(), ...done('h1'), ...done('h2'), ...endorsed100('h3')])
        .when(complete('h3'))
        .then([
          { type: 'MilestoneCompleted', data: { milestoneId: 'h3', completedOn: '2026-06-20' } },
          { type: 'CommitmentCompleted', data: { completedOn: '2026-06-20' } },
        ]);
      spec
        .given([...signedHistory(), ...done('h1'), ...done('h2'), ...endorsed100('h3')])
        .when(complete('h3'))
        .thenState((state) => {
          expect(state).toMatchObject({
            status: 'Completed',
            completedOn: '2026-06-20',
            progress: 100,
          });
        });
    });

    it.each([
      ['no report', []],
      ['an unreviewed 100% claim', [reported('p1', 'h1', 100)]],
      ['an objected 100% claim', [reported('p1', 'h1', 100), reviewed('p1', 'h1', 'objected')]],
      ['an endorsed 90% claim', [reported('p1', 'h1', 90), reviewed('p1', 'h1')]],
    ])('refuses with %s', (_, events) => {
      spec
        .given([...signedHistory(), ...(events as CommitmentEvent[])])
        .when(complete())
        .thenError('MILESTONE_NOT_ENDORSED_COMPLETE', {
          kind: 'rule',
          details: { milestoneId: 'h1' },
        });
    });

    it('refuses to complete a milestone twice', () => {
      spec
        .given([...signedHistory(), ...done('h1')])
        .when(complete())
        .thenError('MILESTONE_ALREADY_COMPLETED', { kind: 'rule' });
    });

    it('refuses an unknown milestone, the counterpart, and a Draft commitment', () => {
      spec.given(signedHistory()).when(complete('h9')).thenError('MILESTONE_NOT_FOUND');
      spec.given(signedHistory()).when(complete('h1', actors.fae)).thenError('ROLE_NOT_ALLOWED');
      spec.given(readyToSignHistory()).when(complete()).thenError('COMMAND_NOT_ALLOWED_IN_STATUS');
    });
  });

  describe('SubmitReport', () => {
    it('records a report of the institution', () => {
      spec
        .given(signedHistory())
        .when(submit({ link: 'https://gobiernoabierto.ec/informes/s1.pdf' }))
        .then([
          {
            type: 'ReportSubmitted',
            data: {
              reportId: 's1',
              audience: 'core-group',
              submittedBy: 'institution',
              title: 'Informe semestral de avance',
              summary: 'Avance del diagnóstico y próximos pasos.',
              link: 'https://gobiernoabierto.ec/informes/s1.pdf',
              classification: 'public',
              submittedOn: '2026-06-15',
            },
          },
        ]);
    });

    it('records a reserved report of the counterpart to the IRM', () => {
      spec
        .given(signedHistory())
        .when(submit({ audience: 'irm', classification: 'reserved' }, actors.fae))
        .thenState((state) =>
          expect((state as ExistingCommitment).submittedReports[0]).toMatchObject({
            submittedBy: 'counterpart',
            audience: 'irm',
            classification: 'reserved',
          }),
        );
    });

    it('accepts reports once completed', () => {
      expect(DomainError.is(spec.given(completedHistory()).when(submit()).decision())).toBe(false);
    });

    it('refuses a report in Draft', () => {
      spec
        .given(readyToSignHistory())
        .when(submit())
        .thenError('COMMAND_NOT_ALLOWED_IN_STATUS', { details: { status: 'Draft' } });
    });

    it('refuses a report id already used', () => {
      const first = spec.given(signedHistory()).when(submit()).decision() as CommitmentEvent[];
      spec
        .given([...signedHistory(), ...first])
        .when(submit({}, actors.fae))
        .thenError('SUBMITTED_REPORT_ID_DUPLICATE', { kind: 'rule' });
    });

    it('refuses the presidency, an unknown audience and an unknown classification', () => {
      spec.given(signedHistory()).when(submit({}, actors.presidency)).thenError('ROLE_NOT_ALLOWED');
      spec
        .given(signedHistory())
        .when(submit({ audience: 'press' as never }))
        .thenError('INVALID_FIELD', { details: { field: 'audience' } });
      spec
        .given(signedHistory())
        .when(submit({ classification: 'secret' as never }))
        .thenError('INVALID_FIELD', { details: { field: 'classification' } });
    });
  });

  describe('CloseCommitment', () => {
    it('closes a completed commitment with the OGP end-of-commitment form', () => {
      spec
        .given(completedHistory())
        .when(close())
        .then([
          {
            type: 'CommitmentClosed',
            data: {
              resultsNarrative: 'La política de calidad se aplica en los servicios priorizados.',
              completion: 'complete',
              openedGovernment: 'major',
              evidence: [evidence({ title: 'Informe final' })],
              counterpartCoSignature: { ...signatories.counterpart, signedOn: '2027-12-30' },
              closedOn: '2027-12-31',
              classification: 'public',
            },
          },
        ]);
      spec
        .given(completedHistory())
        .when(close())
        .thenState((state) =>
          expect(state).toMatchObject({ status: 'Closed', closure: { completion: 'complete' } }),
        );
    });

    it('closes a completed commitment before the period ends', () => {
      expect(
        DomainError.is(
          spec
            .given(completedHistory())
            .when(
              close(
                { counterpartCoSignature: { ...signatories.counterpart, signedOn: '2026-06-30' } },
                actors.mdt,
                '2026-07-01T12:00:00.000Z',
              ),
            )
            .decision(),
        ),
      ).toBe(false);
    });

    it('closes a commitment in implementation from the last day of its period', () => {
      spec
        .given(signedHistory())
        .when(close({ completion: 'substantial' }))
        .thenState((state) => expect(state.status).toBe('Closed'));
    });

    it('refuses to close a commitment in implementation before its period ends', () => {
      spec
        .given(signedHistory())
        .when(
          close(
            {
              completion: 'limited',
              counterpartCoSignature: { ...signatories.counterpart, signedOn: '2027-12-01' },
            },
            actors.mdt,
            '2027-12-30T23:00:00.000Z',
          ),
        )
        .thenError('CLOSE_BEFORE_PERIOD_END', {
          kind: 'rule',
          details: { today: '2027-12-30', periodEnd: '2027-12-31' },
        });
    });

    it("refuses 'complete' while milestones are open", () => {
      spec
        .given([...signedHistory(), ...done('h1')])
        .when(close())
        .thenError('CLOSE_COMPLETE_WITH_OPEN_MILESTONES', {
          kind: 'rule',
          details: { openMilestoneIds: ['h2', 'h3'] },
        });
    });

    it('refuses an unknown self-assessment value and bad evidence', () => {
      spec
        .given(completedHistory())
        .when(close({ openedGovernment: 'amazing' as never }))
        .thenError('INVALID_FIELD', { details: { field: 'openedGovernment' } });
      spec
        .given(completedHistory())
        .when(close({ evidence: [evidence({ sha256: 'nope' })] }))
        .thenError('EVIDENCE_HASH_INVALID');
    });

    it('refuses a co-signature dated after the request', () => {
      spec
        .given(completedHistory())
        .when(
          close({ counterpartCoSignature: { ...signatories.counterpart, signedOn: '2028-01-01' } }),
        )
        .thenError('DATE_IN_FUTURE', { details: { field: 'counterpartCoSignature.signedOn' } });
    });

    it('refuses a Draft commitment and the counterpart', () => {
      spec.given(readyToSignHistory()).when(close()).thenError('COMMAND_NOT_ALLOWED_IN_STATUS');
      spec.given(completedHistory()).when(close({}, actors.fae)).thenError('ROLE_NOT_ALLOWED');
    });

    it.each(everyCommandButDraft().filter(([type]) => type !== 'RecordIrmAssessment'))(
      'refuses %s after closure',
      (_, cmd) => {
        spec.given(closedHistory()).when(cmd).thenError('COMMITMENT_CLOSED', { kind: 'rule' });
      },
    );
  });

  describe('RecordIrmAssessment', () => {
    it('records a design-stage assessment during implementation', () => {
      spec
        .given(signedHistory())
        .when(irm())
        .then([
          {
            type: 'IrmAssessmentRecorded',
            data: {
              assessmentId: 'irm-design',
              stage: 'design',
              verifiable: true,
              relevantToOgpValues: true,
              potentialForResults: 'substantial',
              narrative: 'Compromiso verificable y relevante para la participación ciudadana.',
              assessedOn: '2026-06-15',
            },
          },
        ]);
    });

    it('records a results assessment after closure, apart from the self-assessment', () => {
      spec
        .given(closedHistory())
        .when(
          irm({
            assessmentId: 'irm-results',
            stage: 'results',
            completion: 'substantial',
            earlyResults: 'moderate',
          }),
        )
        .thenState((state) => {
          const commitment = state as ExistingCommitment;
          expect(commitment.status).toBe('Closed');
          expect(commitment.closure?.completion).toBe('complete');
          expect(commitment.irmAssessments).toEqual([
            expect.objectContaining({
              stage: 'results',
              completion: 'substantial',
              earlyResults: 'moderate',
            }),
          ]);
        });
    });

    it.each([
      [{}, ['completion', 'earlyResults']],
      [{ completion: 'complete' }, ['earlyResults']],
      [{ earlyResults: 'marginal' }, ['completion']],
    ] as const)('refuses a results assessment with %j', (fields, missing) => {
      spec
        .given(signedHistory())
        .when(irm({ stage: 'results', ...fields }))
        .thenError('IRM_RESULTS_FIELDS_REQUIRED', { kind: 'invalid', details: { missing } });
    });

    it.each([
      [{ completion: 'limited' }, 'completion'],
      [{ earlyResults: 'marginal' }, 'earlyResults'],
    ] as const)('refuses results fields in a design assessment: %j', (fields, field) => {
      spec
        .given(signedHistory())
        .when(irm({ stage: 'design', ...fields }))
        .thenError('INVALID_FIELD', { kind: 'invalid', details: { field } });
    });

    it('refuses an assessment before the acta is signed', () => {
      spec
        .given(readyToSignHistory())
        .when(irm())
        .thenError('COMMAND_NOT_ALLOWED_IN_STATUS', { details: { status: 'Draft' } });
    });

    it('refuses an assessment id already used', () => {
      const first = spec.given(signedHistory()).when(irm()).decision() as CommitmentEvent[];
      spec
        .given([...signedHistory(), ...first])
        .when(irm())
        .thenError('IRM_ASSESSMENT_ID_DUPLICATE', { kind: 'rule' });
    });

    it('refuses anyone but the auditor', () => {
      spec.given(signedHistory()).when(irm({}, actors.presidency)).thenError('ROLE_NOT_ALLOWED');
    });

    it('refuses a non-boolean verifiability and an unknown potential', () => {
      spec
        .given(signedHistory())
        .when(irm({ verifiable: 'yes' as never }))
        .thenError('INVALID_FIELD', { details: { field: 'verifiable' } });
      spec
        .given(signedHistory())
        .when(irm({ potentialForResults: 'huge' as never }))
        .thenError('INVALID_FIELD', { details: { field: 'potentialForResults' } });
    });
  });

  describe('WithdrawCommitment', () => {
    it.each([
      ['Draft', () => [commitmentDrafted]],
      ['InImplementation', signedHistory],
      ['Completed', completedHistory],
    ])('withdraws from %s', (_, history) => {
      spec
        .given(history())
        .when(withdraw())
        .then([
          {
            type: 'CommitmentWithdrawn',
            data: {
              reason: 'Reprogramación del plan acordada con el Grupo Núcleo.',
              withdrawnOn: '2026-06-15',
            },
          },
        ]);
      spec
        .given(history())
        .when(withdraw())
        .thenState((state) =>
          expect(state).toMatchObject({
            status: 'Withdrawn',
            withdrawal: { withdrawnOn: '2026-06-15' },
          }),
        );
    });

    it('refuses anyone but the presidency', () => {
      spec
        .given(signedHistory())
        .when(withdraw(undefined, actors.mdt))
        .thenError('ROLE_NOT_ALLOWED');
    });

    it('refuses a withdrawal without reason', () => {
      spec
        .given(signedHistory())
        .when(withdraw(''))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'reason' } });
    });

    it('refuses a closed commitment', () => {
      spec.given(closedHistory()).when(withdraw()).thenError('COMMITMENT_CLOSED');
    });

    it.each(everyCommandButDraft())('refuses %s after withdrawal', (_, cmd) => {
      spec
        .given([...signedHistory(), withdrawn])
        .when(cmd)
        .thenError('COMMITMENT_WITHDRAWN', {
          kind: 'rule',
          details: { commitmentId: COMMITMENT_ID },
        });
    });
  });

  describe('transfer statuses (reached in a later issue)', () => {
    const inStatus = (status: CommitmentStatus): CommitmentState =>
      ({
        ...(commitmentStateOf(signedHistory()) as ExistingCommitment),
        status,
      }) as CommitmentState;
    const allowed = ['SubmitReport', 'RecordIrmAssessment', 'WithdrawCommitment'];

    it.each(
      (['TransferPending', 'AwaitingHandover'] as const).flatMap((status) =>
        everyCommandButDraft().map(([type, cmd]) => [status, type, cmd] as const),
      ),
    )('in %s, %s is %s', (status, type, cmd) => {
      const result = commitmentDecider.decide(cmd, inStatus(status));
      if (allowed.includes(type)) expect(DomainError.is(result)).toBe(false);
      else {
        expect(DomainError.is(result) && result.code).toBe('COMMAND_NOT_ALLOWED_IN_STATUS');
        expect((result as DomainError).details).toMatchObject({ status });
      }
    });
  });

  it('refuses a request without a valid timestamp', () => {
    spec
      .given(signedHistory())
      .when({ ...submit(), metadata: { actor: actors.mdt, now: '15/06/2026' } })
      .thenError('INVALID_FIELD', { details: { field: 'metadata.now' } });
  });

  describe('upcasting MilestoneProgressReported v1 → v2', () => {
    const v1 = {
      reportId: 'p1',
      milestoneId: 'h1',
      percent: 40,
      narrative: 'Avance',
      evidenceUrls: ['https://a.ec/1.pdf', 'https://a.ec/2.pdf'],
      reportedOn: '2026-05-01',
    };

    it('turns bare URLs into public evidence items without a hash', () => {
      expect(upcastMilestoneProgressReportedV1toV2(v1)).toEqual({
        reportId: 'p1',
        milestoneId: 'h1',
        percent: 40,
        narrative: 'Avance',
        evidence: [
          {
            title: 'https://a.ec/1.pdf',
            url: 'https://a.ec/1.pdf',
            sha256: null,
            classification: 'public',
          },
          {
            title: 'https://a.ec/2.pdf',
            url: 'https://a.ec/2.pdf',
            sha256: null,
            classification: 'public',
          },
        ],
        reportedOn: '2026-05-01',
      });
    });

    it('is pure: the v1 data is left untouched', () => {
      const copy = JSON.parse(JSON.stringify(v1));
      upcastMilestoneProgressReportedV1toV2(v1);
      expect(v1).toEqual(copy);
    });

    it('folds an upcast event like any other', () => {
      const upcast: CommitmentEvent = {
        type: 'MilestoneProgressReported',
        data: upcastMilestoneProgressReportedV2toV3(upcastMilestoneProgressReportedV1toV2(v1)),
      };
      spec
        .given([...signedHistory(), upcast])
        .when(review())
        .thenState((state) =>
          expect((state as ExistingCommitment).milestones[0].lastEndorsedPercent).toBe(40),
        );
    });
  });

  describe('classification of free text (docs/reserve.md)', () => {
    const reservedEvidence = evidence({ classification: 'reserved' });
    const firstEvent = (given: CommitmentEvent[], cmd: CommitmentCommand) => {
      const decided = commitmentDecider.decide(
        cmd,
        given.reduce(commitmentDecider.evolve, commitmentDecider.initialState()),
      );
      if (decided instanceof DomainError) throw decided;
      return decided[0] as CommitmentEvent;
    };

    it('given evidence only public, when a report carries no classification, then its narrative is public', () => {
      const event = firstEvent(signedHistory(), report());
      expect(event.data).toMatchObject({ classification: 'public' });
    });

    it('given a reserved evidence item, when a report carries no classification, then its narrative takes the strictest', () => {
      const event = firstEvent(
        signedHistory(),
        report({ evidence: [evidence(), reservedEvidence] }),
      );
      expect(event.data).toMatchObject({ classification: 'reserved' });
    });

    it('given a reserved evidence item, when the report marks its narrative public, then the mark is kept', () => {
      const event = firstEvent(
        signedHistory(),
        report({ evidence: [reservedEvidence], classification: 'public' }),
      );
      expect(event.data).toMatchObject({ classification: 'public' });
      expect((event.data as { evidence: EvidenceInput[] }).evidence[0].classification).toBe(
        'reserved',
      );
    });

    it('refuses a classification that is not one, naming the field', () => {
      spec
        .given(signedHistory())
        .when(report({ classification: 'secret' as never }))
        .thenError('INVALID_FIELD', { details: { field: 'classification' } });
      spec
        .given([...signedHistory(), reported('p1', 'h1', 50)])
        .when(review({ classification: 'secret' as never }))
        .thenError('INVALID_FIELD', { details: { field: 'classification' } });
      spec
        .given([...signedHistory(), reported('p1', 'h1', 50), reviewed('p1', 'h1', 'objected')])
        .when(answer({ classification: 'secret' as never }))
        .thenError('INVALID_FIELD', { details: { field: 'classification' } });
      spec
        .given(completedHistory())
        .when(close({ classification: 'secret' as never }))
        .thenError('INVALID_FIELD', { details: { field: 'classification' } });
    });

    const reservedReport = (): CommitmentEvent => ({
      ...reported('p1', 'h1', 50),
      data: { ...reported('p1', 'h1', 50).data, classification: 'reserved' },
    });

    it('given a reserved report, when the review carries no classification, then its reasons inherit the report’s', () => {
      const event = firstEvent(
        [...signedHistory(), reservedReport()],
        review({ verdict: 'objected', reasons: 'Falta la base de datos.' }),
      );
      expect(event.data).toMatchObject({ classification: 'reserved' });
    });

    it('given a reserved report, when the review marks its reasons public, then they are public', () => {
      const event = firstEvent(
        [...signedHistory(), reservedReport()],
        review({
          verdict: 'objected',
          reasons: 'Falta la base de datos.',
          classification: 'public',
        }),
      );
      expect(event.data).toMatchObject({ classification: 'public' });
    });

    it('given a reserved report objected to, when the answer carries no classification, then it inherits the report’s; marked, it keeps the mark', () => {
      const objectedReserved = [
        ...signedHistory(),
        reservedReport(),
        reviewed('p1', 'h1', 'objected'),
      ];
      expect(firstEvent(objectedReserved, answer()).data).toMatchObject({
        classification: 'reserved',
      });
      expect(
        firstEvent(objectedReserved, answer({ classification: 'confidential' })).data,
      ).toMatchObject({ classification: 'confidential' });
    });

    it('given v1 replies with no classification, when folded, then they inherit their report’s', () => {
      const v1Review: CommitmentEvent = {
        type: 'ProgressReportReviewed',
        data: upcastReplyV2toV3(
          upcastReplyV1toV2({
            reportId: 'p1',
            milestoneId: 'h1',
            verdict: 'objected' as const,
            reasons: 'Falta la base de datos.',
            reviewedOn: '2026-06-20',
          }),
        ),
      };
      const v1Answer: CommitmentEvent = {
        type: 'ObjectionAnswered',
        data: upcastReplyV2toV3(
          upcastReplyV1toV2({
            reportId: 'p1',
            milestoneId: 'h1',
            answer: 'Adjunta.',
            answeredOn: '2026-06-21',
          }),
        ),
      };
      const state = [...signedHistory(), reservedReport(), v1Review, v1Answer].reduce(
        commitmentDecider.evolve,
        commitmentDecider.initialState(),
      ) as ExistingCommitment;
      expect(state.milestones[0].reports[0]).toMatchObject({
        classification: 'reserved',
        review: { classification: 'reserved' },
        answer: { classification: 'reserved' },
      });
    });

    it('upcasts a v2 report: the narrative takes the strictest of its evidence, the items keep theirs', () => {
      const v2 = {
        reportId: 'p1',
        milestoneId: 'h1',
        percent: 40,
        narrative: 'Avance',
        evidence: [
          evidence(),
          { ...reservedEvidence },
          evidence({ classification: 'confidential' }),
        ],
        reportedOn: '2026-05-01',
      };
      const copy = JSON.parse(JSON.stringify(v2));
      const v3 = upcastMilestoneProgressReportedV2toV3(v2);
      expect(v3.classification).toBe('confidential');
      expect(v3.evidence.map((item) => item.classification)).toEqual([
        'public',
        'reserved',
        'confidential',
      ]);
      expect(v2).toEqual(copy);
      expect(upcastMilestoneProgressReportedV2toV3({ ...v2, evidence: [] }).classification).toBe(
        'public',
      );
    });

    it('closes with a public results narrative unless the command marks it; a v1 closure upcasts to public', () => {
      expect(firstEvent(completedHistory(), close()).data).toMatchObject({
        classification: 'public',
      });
      expect(
        firstEvent(completedHistory(), close({ classification: 'reserved' })).data,
      ).toMatchObject({ classification: 'reserved' });
      const { classification: _dropped, ...v1 } = (
        firstEvent(completedHistory(), close()) as {
          data: CommitmentClosed['data'];
        }
      ).data;
      expect(upcastCommitmentClosedV1toV2(v1)).toEqual({ ...v1, classification: 'public' });
    });

    it('keeps free text out of every audit line', () => {
      const secret = 'CANARIO-SECRETO';
      const lines = [
        firstEvent(signedHistory(), report({ narrative: secret })),
        firstEvent(
          [...signedHistory(), reported('p1', 'h1', 50)],
          review({ verdict: 'objected', reasons: secret }),
        ),
        firstEvent(
          [...signedHistory(), reported('p1', 'h1', 50), reviewed('p1', 'h1', 'objected')],
          answer({ answer: secret }),
        ),
        firstEvent(completedHistory(), close({ resultsNarrative: secret })),
        firstEvent(completedHistory(), submit({ title: secret, summary: secret })),
      ].map((event) => JSON.stringify(summarizeEvent(event)));
      for (const line of lines) expect(line).not.toContain(secret);
    });
  });

  describe('upcasting replies v2 → v3: rounds of review', () => {
    const v2Review = {
      reportId: 'p1',
      milestoneId: 'h1',
      verdict: 'objected' as const,
      reasons: 'Falta la base de datos.',
      reviewedOn: '2026-06-20',
      classification: 'public' as const,
    };
    const v2Answer = {
      reportId: 'p1',
      milestoneId: 'h1',
      answer: 'Se adjunta la base de datos.',
      answeredOn: '2026-06-21',
      classification: 'public' as const,
    };

    it('given a v2 review and answer, when upcast, then both belong to round 1, the data otherwise as stored', () => {
      expect(upcastReplyV2toV3(v2Review)).toEqual({ ...v2Review, round: 1 });
      expect(upcastReplyV2toV3(v2Answer)).toEqual({ ...v2Answer, round: 1 });
      const copy = JSON.parse(JSON.stringify(v2Review));
      upcastReplyV2toV3(v2Review);
      expect(v2Review).toEqual(copy);
    });

    it('given upcast v2 replies, when the counterpart reviews again, then the next round is 2', () => {
      const history: CommitmentEvent[] = [
        ...signedHistory(),
        reported('p1', 'h1', 50),
        { type: 'ProgressReportReviewed', data: upcastReplyV2toV3(v2Review) },
        { type: 'ObjectionAnswered', data: upcastReplyV2toV3(v2Answer) },
      ];
      spec
        .given(history)
        .when(review())
        .then([reviewed('p1', 'h1', 'endorsed', 2)]);
    });

    it('names the round in the audit lines from round 2, and keeps round 1’s lines as they were', () => {
      expect(summarizeEvent(reviewed('p1', 'h1', 'objected'))).toMatchObject({
        es: 'La contraparte observó el reporte p1 del hito h1.',
        en: 'The counterpart objected to report p1 on milestone h1.',
      });
      expect(summarizeEvent(reviewed('p1', 'h1', 'objected', 2))).toMatchObject({
        es: 'Segunda objeción: la contraparte volvió a observar el reporte p1 del hito h1 (ronda 2).',
        en: 'Round 2 objection: the counterpart objected again to report p1 on milestone h1.',
      });
      expect(summarizeEvent(answered('p1', 'h1', 1))).toMatchObject({
        es: 'La institución respondió la observación al reporte p1.',
        en: 'The institution answered the objection to report p1.',
      });
      expect(summarizeEvent(answered('p1', 'h1', 3))).toMatchObject({
        es: 'La institución respondió la tercera objeción al reporte p1 (ronda 3).',
        en: 'The institution answered the round 3 objection to report p1.',
      });
      expect(summarizeEvent(reviewed('p1', 'h1', 'endorsed', 3))).toMatchObject({
        es: 'La contraparte avaló el reporte p1 del hito h1 en la ronda 3, tras 2 objeciones respondidas.',
        en: 'The counterpart endorsed report p1 on milestone h1 in round 3, after 2 answered objections.',
      });
    });
  });

  it('names its stream and versions its events: the classified texts raised theirs', () => {
    expect(commitmentStreamName(COMMITMENT_ID)).toBe('commitment-calidad-servicios-publicos');
    const versions = Object.entries(COMMITMENT_EVENT_SCHEMA_VERSIONS);
    expect(versions).toHaveLength(36);
    expect(versions.filter(([, v]) => v !== 1)).toEqual([
      ['MilestoneProgressReported', 3],
      // 3: the round of review.
      ['ProgressReportReviewed', 3],
      ['ObjectionAnswered', 3],
      // 2: the request answered and who gave the concurrence.
      ['MilestoneRescheduled', 2],
      ['CommitmentClosed', 2],
    ]);
  });
});
