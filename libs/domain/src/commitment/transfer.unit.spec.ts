import {
  AT,
  CORE_GROUP_MEMBER_ID,
  DeciderSpecification,
  FAE_ID,
  MDT_ID,
  OTHER_INSTITUTION_ID,
  PLAN_ID,
  REDESIGN_EVENT_ID,
  SAMPLE_SHA256,
  SERCOP_UNIT,
  TRANSFER_AT,
  actaSigned,
  actors,
  awaitingHandoverHistory,
  command,
  commitmentStateOf,
  counterpartSigned,
  evidence,
  handoverAcknowledged,
  handoverDocuments,
  institutionSigned,
  markedTransferPending,
  mdtAbolished,
  mdtMerged,
  mdtRef,
  mdtRefAfter,
  mdtRenamed,
  milestones,
  planRef,
  readyToSignHistory,
  receivingAdministrator,
  redesignOf,
  sercopRef,
  signatories,
  signedHistory,
  transferConcurred,
  transferPendingHistory,
  transferred,
  unknownInstitutionRef,
} from '@hitos/testing';
import type { Actor } from '../kernel/actor';
import type { InstitutionRef } from '../institution/institution.state';
import type {
  AcknowledgeInformationHandover,
  ConcurTransferDecision,
  MaintainCommitment,
  MarkTransferPending,
  TransferCommitment,
} from './transfer';
import type { ReportMilestoneProgress } from './milestones';
import type { SignActa } from './acta';
import type { SubmitReport } from './reports';
import type { WithdrawCommitment } from './closure';
import { commitmentDecider } from './commitment.decider';
import type { CommitmentEvent } from './commitment.events';
import type {
  AwaitingHandoverCommitment,
  CommitmentState,
  ExistingCommitment,
  TransferPendingCommitment,
} from './commitment.state';

const spec = DeciderSpecification.for(commitmentDecider);

// ── command builders ─────────────────────────────────────────────────────────────────────

const mark = (
  data: Partial<MarkTransferPending['data']> = {},
  actor: Actor = actors.system,
  now: string = TRANSFER_AT.marking,
) =>
  command<MarkTransferPending>(
    'MarkTransferPending',
    { institutionId: MDT_ID, redesign: redesignOf(), ...data },
    actor,
    now,
  );

const concur = (
  data: Partial<ConcurTransferDecision['data']> = {},
  actor: Actor = actors.coreGroupMember,
) =>
  command<ConcurTransferDecision>(
    'ConcurTransferDecision',
    {
      decision: 'transfer',
      toInstitutionId: OTHER_INSTITUTION_ID,
      reference: 'Acta de reunión del Grupo Núcleo No. 7',
      context: { plan: planRef() },
      ...data,
    },
    actor,
    TRANSFER_AT.concurrence,
  );

const concurMaintain = (data: Partial<ConcurTransferDecision['data']> = {}) =>
  concur({ decision: 'maintain', toInstitutionId: undefined, ...data });

const maintain = (
  institution: InstitutionRef = mdtRefAfter(mdtRenamed),
  data: Partial<MaintainCommitment['data']> = {},
  actor: Actor = actors.presidency,
) =>
  command<MaintainCommitment>(
    'MaintainCommitment',
    {
      reason: 'El cambio de denominación no altera las competencias del Ministerio.',
      context: { institution },
      ...data,
    },
    actor,
    TRANSFER_AT.decision,
  );

const transfer = (
  data: Partial<TransferCommitment['data']> = {},
  actor: Actor = actors.presidency,
) =>
  command<TransferCommitment>(
    'TransferCommitment',
    {
      toInstitutionId: OTHER_INSTITUTION_ID,
      receivingUnit: SERCOP_UNIT,
      administrator: receivingAdministrator,
      reason: transferred.data.reason,
      context: { receivingInstitution: sercopRef() },
      ...data,
    },
    actor,
    TRANSFER_AT.decision,
  );

const acknowledge = (
  documents: AcknowledgeInformationHandover['data']['documents'] = handoverDocuments(),
  actor: Actor = actors.otherInstitution,
) =>
  command<AcknowledgeInformationHandover>(
    'AcknowledgeInformationHandover',
    { documents },
    actor,
    TRANSFER_AT.handover,
  );

const report = (actor: Actor, data: Partial<ReportMilestoneProgress['data']> = {}) =>
  command<ReportMilestoneProgress>(
    'ReportMilestoneProgress',
    {
      reportId: 'p-sercop-1',
      milestoneId: 'h2',
      percent: 20,
      narrative: 'Borrador de estándares de calidad en revisión.',
      evidence: [evidence({ title: 'Borrador de estándares' })],
      ...data,
    },
    actor,
    '2026-08-10T15:00:00.000Z',
  );

// ── histories ────────────────────────────────────────────────────────────────────────────

const progressBeforeRedesign: CommitmentEvent[] = [
  {
    type: 'MilestoneProgressReported',
    data: {
      reportId: 'p1',
      milestoneId: 'h1',
      percent: 100,
      narrative: 'Diagnóstico concluido en los 24 servicios priorizados.',
      evidence: [evidence()],
      reportedOn: '2026-06-15',
      classification: 'public',
    },
  },
  {
    type: 'ProgressReportReviewed',
    data: {
      reportId: 'p1',
      milestoneId: 'h1',
      verdict: 'endorsed',
      reviewedOn: '2026-06-20',
      round: 1,
    },
  },
  { type: 'MilestoneCompleted', data: { milestoneId: 'h1', completedOn: '2026-06-20' } },
  {
    type: 'ReportSubmitted',
    data: {
      reportId: 's1',
      audience: 'core-group',
      submittedBy: 'institution',
      title: 'Informe semestral de avance',
      summary: 'Diagnóstico concluido.',
      classification: 'public',
      submittedOn: '2026-06-25',
    },
  },
];

const completedHistory = (): CommitmentEvent[] => [
  ...signedHistory(),
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
  data: { reason: 'Retirado del plan.', withdrawnOn: '2026-03-01' },
};

const maintainPendingHistory = (): CommitmentEvent[] => [
  ...signedHistory(),
  markedTransferPending('InImplementation', mdtRenamed),
  transferConcurred('maintain'),
];

const existing = (state: CommitmentState) => state as ExistingCommitment;

describe('transfers', () => {
  describe('MarkTransferPending', () => {
    it('puts a commitment of the redesigned institution in TransferPending, citing the redesign', () => {
      spec
        .given(signedHistory())
        .when(mark())
        .then([
          {
            type: 'CommitmentMarkedTransferPending',
            data: {
              institutionId: MDT_ID,
              redesign: {
                eventId: REDESIGN_EVENT_ID,
                kind: 'merged',
                legalInstrument: 'Decreto Ejecutivo No. 123',
                effectiveOn: '2026-07-01',
                successorIds: [OTHER_INSTITUTION_ID],
              },
              previousStatus: 'InImplementation',
              markedOn: '2026-07-02',
            },
          },
        ]);
    });

    it('keeps the institution responsible while the decision is pending', () => {
      spec
        .given(signedHistory())
        .when(mark())
        .thenState((state) => {
          const pending = state as TransferPendingCommitment;
          expect(pending.status).toBe('TransferPending');
          expect(pending.responsible.institutionId).toBe(MDT_ID);
          expect(pending.transfer).toEqual({
            institutionId: MDT_ID,
            redesign: redesignOf(),
            previousStatus: 'InImplementation',
            pendingSince: '2026-07-02',
            concurrences: [],
            transferred: null,
          });
        });
    });

    it.each([
      ['Draft', readyToSignHistory],
      ['InImplementation', signedHistory],
      ['Completed', completedHistory],
    ] as const)('records %s as the status to return to', (status, history) => {
      spec
        .given(history())
        .when(mark())
        .thenState((state) => {
          expect(state.status).toBe('TransferPending');
          expect((state as TransferPendingCommitment).transfer.previousStatus).toBe(status);
        });
    });

    it('decides nothing when the commitment belongs to another institution', () => {
      spec
        .given(signedHistory())
        .when(mark({ institutionId: OTHER_INSTITUTION_ID }))
        .then([]);
    });

    it('decides nothing once the commitment was handed over to another institution', () => {
      spec
        .given([...awaitingHandoverHistory(), handoverAcknowledged()])
        .when(mark())
        .then([]);
    });

    it.each([
      ['already TransferPending', transferPendingHistory],
      ['AwaitingHandover', awaitingHandoverHistory],
      ['Closed', closedHistory],
      ['Withdrawn', () => [...signedHistory(), withdrawn]],
    ] as const)(
      'decides nothing when the commitment is %s, so the workflow may repeat it',
      (_, history) => {
        spec.given(history()).when(mark()).then([]);
      },
    );

    it('marks again after a maintained commitment meets a later redesign', () => {
      spec
        .given([
          ...maintainPendingHistory(),
          ...(commitmentDecider.decide(
            maintain(),
            commitmentStateOf(maintainPendingHistory()),
          ) as CommitmentEvent[]),
        ])
        .when(mark({ redesign: redesignOf(mdtMerged, 'second-redesign') }))
        .thenState((state) => {
          const pending = state as TransferPendingCommitment;
          expect(pending.transfer.redesign.eventId).toBe('second-redesign');
          expect(pending.transfer.concurrences).toEqual([]);
          expect(pending.transfers).toHaveLength(1);
        });
    });

    it.each([
      ['presidency', actors.presidency],
      ['institution', actors.mdt],
      ['core-group', actors.coreGroupMember],
      ['auditor', actors.auditor],
    ])('refuses role %s: only the redesign workflow marks', (_, actor) => {
      spec
        .given(signedHistory())
        .when(mark({}, actor))
        .thenError('ROLE_NOT_ALLOWED', {
          kind: 'forbidden',
          details: { allowedRoles: ['system'] },
        });
    });

    it('refuses a person even on a closed commitment', () => {
      spec.given(closedHistory()).when(mark({}, actors.presidency)).thenError('ROLE_NOT_ALLOWED');
    });

    it('refuses an empty stream', () => {
      spec.given([]).when(mark()).thenError('COMMITMENT_NOT_FOUND');
    });

    it('refuses a redesign without its event id or of an unknown kind', () => {
      spec
        .given(signedHistory())
        .when(mark({ redesign: { ...redesignOf(), eventId: '' } }))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'redesign.eventId' } });
      spec
        .given(signedHistory())
        .when(
          mark({
            redesign: {
              ...redesignOf(),
              kind: 'dissolved' as MarkTransferPending['data']['redesign']['kind'],
            },
          }),
        )
        .thenError('INVALID_FIELD', { kind: 'invalid', details: { field: 'redesign.kind' } });
    });

    it('refuses an effective date that is not a calendar date', () => {
      spec
        .given(signedHistory())
        .when(mark({ redesign: { ...redesignOf(), effectiveOn: '2026-02-30' } }))
        .thenError('INVALID_FIELD', { details: { field: 'redesign.effectiveOn' } });
      spec
        .given(signedHistory())
        .when(mark({ redesign: { ...redesignOf(), effectiveOn: '' } }))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'redesign.effectiveOn' } });
    });

    it('refuses a redesign without its list of successors', () => {
      spec
        .given(signedHistory())
        .when(mark({ redesign: { ...redesignOf(), successorIds: undefined as unknown as [] } }))
        .thenError('INVALID_FIELD', { details: { field: 'redesign.successorIds' } });
    });
  });

  describe('ConcurTransferDecision', () => {
    it('records a Core Group member concurring with a transfer to a named institution', () => {
      spec
        .given(transferPendingHistory())
        .when(concur())
        .then([
          {
            type: 'TransferDecisionConcurred',
            data: {
              coreGroupMemberId: CORE_GROUP_MEMBER_ID,
              reference: 'Acta de reunión del Grupo Núcleo No. 7',
              concurredOn: '2026-07-10',
              decision: 'transfer',
              toInstitutionId: OTHER_INSTITUTION_ID,
            },
          },
        ]);
    });

    it('refuses a Core Group seat of another plan, and admits one of this plan', () => {
      const seatElsewhere: Actor = { ...actors.coreGroupMember, planId: 'plan-2028' };
      spec
        .given(transferPendingHistory())
        .when(concur({}, seatElsewhere))
        .thenError('FORBIDDEN_NOT_PLAN_CORE_GROUP', {
          kind: 'forbidden',
          details: { actorPlanId: 'plan-2028', planId: PLAN_ID },
        });
      spec
        .given(transferPendingHistory())
        .when(concur({}, { ...actors.coreGroupMember, planId: PLAN_ID }))
        .thenState((state) => expect(state.status).toBe('TransferPending'));
    });

    it('records a concurrence to keep the commitment, naming no institution', () => {
      spec
        .given(transferPendingHistory())
        .when(concurMaintain())
        .then([transferConcurred('maintain')]);
    });

    it('accepts an explicit null target for maintain', () => {
      spec
        .given(transferPendingHistory())
        .when(concurMaintain({ toInstitutionId: null }))
        .then([transferConcurred('maintain')]);
    });

    it('keeps every concurrence beside the pending transfer', () => {
      spec
        .given([...transferPendingHistory(), transferConcurred('maintain')])
        .when(concur())
        .thenState((state) =>
          expect((state as TransferPendingCommitment).transfer.concurrences).toEqual([
            transferConcurred('maintain').data,
            transferConcurred('transfer').data,
          ]),
        );
    });

    it("refuses a core-group actor who is not a member of the plan's Core Group", () => {
      spec
        .given(transferPendingHistory())
        .when(concur({}, actors.coreGroup))
        .thenError('TRANSFER_CONCURRENCE_NOT_CORE_GROUP', {
          kind: 'forbidden',
          details: { actorId: actors.coreGroup.id, planId: PLAN_ID },
        });
    });

    it.each([
      ['presidency', actors.presidency],
      ['institution', actors.mdt],
      ['counterpart', actors.fae],
      ['system', actors.system],
    ])('refuses role %s', (_, actor) => {
      spec
        .given(transferPendingHistory())
        .when(concur({}, actor))
        .thenError('ROLE_NOT_ALLOWED', { details: { allowedRoles: ['core-group'] } });
    });

    it('requires the receiving institution for a transfer', () => {
      spec
        .given(transferPendingHistory())
        .when(concur({ toInstitutionId: undefined }))
        .thenError('REQUIRED_FIELD_MISSING', {
          kind: 'invalid',
          details: { field: 'toInstitutionId' },
        });
    });

    it('refuses a receiving institution on a concurrence to maintain', () => {
      spec
        .given(transferPendingHistory())
        .when(concurMaintain({ toInstitutionId: OTHER_INSTITUTION_ID }))
        .thenError('INVALID_FIELD', { kind: 'invalid', details: { field: 'toInstitutionId' } });
    });

    it('refuses an unknown decision and a missing reference', () => {
      spec
        .given(transferPendingHistory())
        .when(concur({ decision: 'merge' as ConcurTransferDecision['data']['decision'] }))
        .thenError('INVALID_FIELD', { details: { field: 'decision' } });
      spec
        .given(transferPendingHistory())
        .when(concur({ reference: ' ' }))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'reference' } });
    });

    it("refuses a context that is not the commitment's plan, or none", () => {
      spec
        .given(transferPendingHistory())
        .when(concur({ context: { plan: { ...planRef(), planId: 'otro-plan' } } }))
        .thenError('CONTEXT_MISMATCH', {
          details: { field: 'context.plan', expected: PLAN_ID, actual: 'otro-plan' },
        });
      spec
        .given(transferPendingHistory())
        .when(
          concur({ context: undefined as unknown as ConcurTransferDecision['data']['context'] }),
        )
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'context.plan' } });
    });

    it.each([
      ['InImplementation', signedHistory],
      ['AwaitingHandover', awaitingHandoverHistory],
    ] as const)('refuses a commitment in %s', (status, history) => {
      spec
        .given(history())
        .when(concur())
        .thenError('COMMAND_NOT_ALLOWED_IN_STATUS', {
          kind: 'rule',
          details: { status, allowed: ['TransferPending'] },
        });
    });
  });

  describe('MaintainCommitment', () => {
    it('keeps the commitment with its renamed institution, citing the Core Group', () => {
      spec
        .given(maintainPendingHistory())
        .when(maintain())
        .then([
          {
            type: 'CommitmentMaintained',
            data: {
              institutionId: MDT_ID,
              reason: 'El cambio de denominación no altera las competencias del Ministerio.',
              concurrence: {
                coreGroupMemberId: CORE_GROUP_MEMBER_ID,
                reference: 'Acta de reunión del Grupo Núcleo No. 7',
                concurredOn: '2026-07-10',
              },
              resumedStatus: 'InImplementation',
              decidedOn: '2026-07-15',
            },
          },
        ]);
    });

    it('resumes where it was and keeps the settled redesign in its history', () => {
      spec
        .given(maintainPendingHistory())
        .when(maintain())
        .thenState((state) => {
          const maintained = existing(state);
          expect(maintained.status).toBe('InImplementation');
          expect(maintained.transfer).toBeNull();
          expect(maintained.responsible.institutionId).toBe(MDT_ID);
          expect(maintained.transfers).toEqual([
            {
              outcome: 'maintained',
              redesignEventId: REDESIGN_EVENT_ID,
              fromInstitutionId: MDT_ID,
              toInstitutionId: MDT_ID,
              pendingSince: '2026-07-02',
              settledOn: '2026-07-15',
            },
          ]);
        });
    });

    it('returns a pending draft to Draft', () => {
      spec
        .given([
          ...readyToSignHistory(),
          markedTransferPending('Draft', mdtRenamed),
          transferConcurred('maintain'),
        ])
        .when(maintain())
        .thenState((state) => expect(state.status).toBe('Draft'));
    });

    it('cites the latest concurrence to maintain', () => {
      const later = transferConcurred('maintain');
      later.data = { ...later.data, reference: 'Acta No. 8', concurredOn: '2026-07-12' };
      const decision = spec
        .given([...maintainPendingHistory(), transferConcurred('transfer'), later])
        .when(maintain())
        .decision() as CommitmentEvent[];
      expect(decision[0]).toMatchObject({
        type: 'CommitmentMaintained',
        data: { concurrence: { reference: 'Acta No. 8', concurredOn: '2026-07-12' } },
      });
    });

    it.each([
      ['merged', mdtMerged, 'redesigned'],
      ['abolished', mdtAbolished, 'abolished'],
    ] as const)('refuses an institution that was %s', (_, redesign, status) => {
      spec
        .given([
          ...signedHistory(),
          markedTransferPending('InImplementation', redesign),
          transferConcurred('maintain'),
        ])
        .when(maintain(mdtRefAfter(redesign)))
        .thenError('MAINTAIN_INSTITUTION_ENDED', {
          kind: 'rule',
          details: { institutionId: MDT_ID, status },
        });
    });

    it('refuses an institution no stream knows', () => {
      spec
        .given(maintainPendingHistory())
        .when(maintain(unknownInstitutionRef(MDT_ID)))
        .thenError('MAINTAIN_INSTITUTION_ENDED');
    });

    it('refuses without the Core Group concurring to maintain', () => {
      spec
        .given([...signedHistory(), markedTransferPending('InImplementation', mdtRenamed)])
        .when(maintain())
        .thenError('TRANSFER_CONCURRENCE_MISSING', {
          kind: 'rule',
          details: { decision: 'maintain', toInstitutionId: null },
        });
    });

    it('does not take a concurrence to transfer for one to maintain', () => {
      spec
        .given([
          ...signedHistory(),
          markedTransferPending('InImplementation', mdtRenamed),
          transferConcurred('transfer'),
        ])
        .when(maintain())
        .thenError('TRANSFER_CONCURRENCE_MISSING');
    });

    it('does not carry a concurrence over from an earlier redesign', () => {
      const history = maintainPendingHistory();
      const settled = commitmentDecider.decide(
        maintain(),
        commitmentStateOf(history),
      ) as CommitmentEvent[];
      spec
        .given([...history, ...settled, markedTransferPending('InImplementation', mdtRenamed)])
        .when(maintain())
        .thenError('TRANSFER_CONCURRENCE_MISSING');
    });

    it("refuses a context that is not the commitment's institution, or none", () => {
      spec
        .given(maintainPendingHistory())
        .when(maintain(sercopRef()))
        .thenError('CONTEXT_MISMATCH', {
          details: {
            field: 'context.institution',
            expected: MDT_ID,
            actual: OTHER_INSTITUTION_ID,
          },
        });
      spec
        .given(maintainPendingHistory())
        .when(
          maintain(undefined, {
            context: undefined as unknown as MaintainCommitment['data']['context'],
          }),
        )
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'context.institution' } });
    });

    it('refuses a decision without reason', () => {
      spec
        .given(maintainPendingHistory())
        .when(maintain(undefined, { reason: '' }))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'reason' } });
    });

    it.each([
      ['core-group', actors.coreGroupMember],
      ['institution', actors.mdt],
      ['system', actors.system],
    ])('refuses role %s: the Presidency decides', (_, actor) => {
      spec
        .given(maintainPendingHistory())
        .when(maintain(undefined, {}, actor))
        .thenError('ROLE_NOT_ALLOWED', { details: { allowedRoles: ['presidency'] } });
    });

    it('refuses a commitment that is not pending', () => {
      spec
        .given(signedHistory())
        .when(maintain(mdtRef()))
        .thenError('COMMAND_NOT_ALLOWED_IN_STATUS', { details: { status: 'InImplementation' } });
    });
  });

  describe('TransferCommitment', () => {
    const pendingWithConcurrence = () => [...transferPendingHistory(), transferConcurred()];

    it('transfers the commitment to the competent institution, with the Core Group concurring', () => {
      spec.given(pendingWithConcurrence()).when(transfer()).then([transferred]);
    });

    it('waits for the handover: the redesigned institution stays responsible meanwhile', () => {
      spec
        .given(pendingWithConcurrence())
        .when(transfer())
        .thenState((state) => {
          const awaiting = state as AwaitingHandoverCommitment;
          expect(awaiting.status).toBe('AwaitingHandover');
          expect(awaiting.responsible.institutionId).toBe(MDT_ID);
          expect(awaiting.transfer.transferred).toEqual(transferred.data);
          expect(awaiting.transfer.previousStatus).toBe('InImplementation');
        });
    });

    it('refuses a transfer to the institution that already holds it', () => {
      spec
        .given([...transferPendingHistory(), transferConcurred('transfer', MDT_ID)])
        .when(
          transfer({
            toInstitutionId: MDT_ID,
            context: { receivingInstitution: mdtRefAfter(mdtMerged) },
          }),
        )
        .thenError('TRANSFER_TO_SAME_INSTITUTION', {
          kind: 'rule',
          details: { institutionId: MDT_ID },
        });
    });

    it('refuses a receiving institution that does not exist', () => {
      spec
        .given([...transferPendingHistory(), transferConcurred('transfer', 'senescyt')])
        .when(
          transfer({
            toInstitutionId: 'senescyt',
            context: { receivingInstitution: unknownInstitutionRef('senescyt') },
          }),
        )
        .thenError('INSTITUTION_NOT_FOUND', {
          kind: 'not-found',
          details: { institutionId: 'senescyt' },
        });
    });

    it('refuses a receiving institution that is no longer active', () => {
      const ended: InstitutionRef = { ...sercopRef(), status: 'abolished' };
      spec
        .given(pendingWithConcurrence())
        .when(transfer({ context: { receivingInstitution: ended } }))
        .thenError('INSTITUTION_NOT_ACTIVE', {
          kind: 'rule',
          details: { institutionId: OTHER_INSTITUTION_ID, status: 'abolished' },
        });
    });

    it('refuses without the Core Group concurring', () => {
      spec
        .given(transferPendingHistory())
        .when(transfer())
        .thenError('TRANSFER_CONCURRENCE_MISSING', {
          details: { decision: 'transfer', toInstitutionId: OTHER_INSTITUTION_ID },
        });
    });

    it('does not count a concurrence with a transfer to another institution', () => {
      spec
        .given([...transferPendingHistory(), transferConcurred('transfer', 'senescyt')])
        .when(transfer())
        .thenError('TRANSFER_CONCURRENCE_MISSING');
    });

    it('does not count a concurrence to maintain', () => {
      spec
        .given([...transferPendingHistory(), transferConcurred('maintain')])
        .when(transfer())
        .thenError('TRANSFER_CONCURRENCE_MISSING');
    });

    it('refuses a context that describes another institution, or none', () => {
      spec
        .given(pendingWithConcurrence())
        .when(transfer({ context: { receivingInstitution: mdtRef() } }))
        .thenError('CONTEXT_MISMATCH', {
          details: {
            field: 'context.receivingInstitution',
            expected: OTHER_INSTITUTION_ID,
            actual: MDT_ID,
          },
        });
      spec
        .given(pendingWithConcurrence())
        .when(transfer({ context: undefined as unknown as TransferCommitment['data']['context'] }))
        .thenError('REQUIRED_FIELD_MISSING', {
          details: { field: 'context.receivingInstitution' },
        });
    });

    it.each([
      ['toInstitutionId', { toInstitutionId: '' }],
      ['receivingUnit', { receivingUnit: '' }],
      ['administrator.name', { administrator: { ...receivingAdministrator, name: '' } }],
      ['reason', { reason: '' }],
    ] as const)('requires %s', (field, data) => {
      spec
        .given(pendingWithConcurrence())
        .when(transfer(data))
        .thenError('REQUIRED_FIELD_MISSING', { kind: 'invalid', details: { field } });
    });

    it("refuses an administrator's e-mail that is not one", () => {
      spec
        .given(pendingWithConcurrence())
        .when(transfer({ administrator: { ...receivingAdministrator, email: 'innovacion' } }))
        .thenError('INVALID_FIELD', { details: { field: 'administrator.email' } });
    });

    it.each([
      ['core-group', actors.coreGroupMember],
      ['the receiving institution', actors.otherInstitution],
      ['the redesigned institution', actors.mdt],
    ])('refuses %s: the Presidency decides', (_, actor) => {
      spec.given(pendingWithConcurrence()).when(transfer({}, actor)).thenError('ROLE_NOT_ALLOWED');
    });

    it('refuses to transfer twice', () => {
      spec
        .given(awaitingHandoverHistory())
        .when(transfer())
        .thenError('COMMAND_NOT_ALLOWED_IN_STATUS', { details: { status: 'AwaitingHandover' } });
    });

    it('refuses a commitment that is not pending', () => {
      spec
        .given(signedHistory())
        .when(transfer())
        .thenError('COMMAND_NOT_ALLOWED_IN_STATUS', { details: { status: 'InImplementation' } });
    });
  });

  describe('AcknowledgeInformationHandover', () => {
    it('records the receiving institution acknowledging the handover, hashes in lower case', () => {
      spec
        .given(awaitingHandoverHistory())
        .when(
          acknowledge([
            { title: 'Expediente del compromiso 7', sha256: SAMPLE_SHA256.toUpperCase() },
            { title: 'Acta de entrega-recepción de información', sha256: 'C'.repeat(64) },
          ]),
        )
        .then([handoverAcknowledged()]);
    });

    it('makes the receiving institution responsible, with its unit and administrator', () => {
      spec
        .given(awaitingHandoverHistory())
        .when(acknowledge())
        .thenState((state) => {
          const resumed = existing(state);
          expect(resumed.status).toBe('InImplementation');
          expect(resumed.responsible).toEqual({
            institutionId: OTHER_INSTITUTION_ID,
            unit: SERCOP_UNIT,
          });
          expect(resumed.administrator).toEqual(receivingAdministrator);
          expect(resumed.transfer).toBeNull();
          expect(resumed.transfers).toEqual([
            {
              outcome: 'transferred',
              redesignEventId: REDESIGN_EVENT_ID,
              fromInstitutionId: MDT_ID,
              toInstitutionId: OTHER_INSTITUTION_ID,
              pendingSince: '2026-07-02',
              settledOn: '2026-07-30',
            },
          ]);
        });
    });

    it('keeps the history unbroken: milestones, reports, acta and counterpart carry over', () => {
      const before = existing(commitmentStateOf([...signedHistory(), ...progressBeforeRedesign]));
      spec
        .given([
          ...signedHistory(),
          ...progressBeforeRedesign,
          markedTransferPending(),
          transferConcurred(),
          transferred,
        ])
        .when(acknowledge())
        .thenState((state) => {
          const after = existing(state);
          expect(after.milestones).toEqual(before.milestones);
          expect(after.submittedReports).toEqual(before.submittedReports);
          expect(after.progress).toBe(before.progress);
          expect(after.acta).toEqual(actaSigned.data);
          expect(after.signatures).toEqual(before.signatures);
          expect(after.counterpart).toEqual({ organizationId: FAE_ID, sector: 'civil-society' });
        });
    });

    it('returns a completed commitment to Completed', () => {
      spec
        .given([
          ...completedHistory(),
          markedTransferPending('Completed'),
          transferConcurred(),
          transferred,
        ])
        .when(acknowledge())
        .then([handoverAcknowledged('Completed')]);
    });

    it("drops the old institution's signature from a transferred draft: the new one signs", () => {
      const history: CommitmentEvent[] = [
        ...readyToSignHistory(),
        institutionSigned,
        markedTransferPending('Draft'),
        transferConcurred(),
        transferred,
      ];
      spec
        .given(history)
        .when(acknowledge())
        .thenState((state) => {
          const draft = existing(state);
          expect(draft.status).toBe('Draft');
          expect(draft.signatures).toEqual({ institution: null, counterpart: null });
          expect(draft.responsible.institutionId).toBe(OTHER_INSTITUTION_ID);
        });
      const signBy = (actor: Actor) =>
        command<SignActa>(
          'SignActa',
          {
            actaNumber: 'MDT-CDC-2026-001',
            signedOn: '2026-08-03',
            place: 'Distrito Metropolitano de Quito',
            signatory: { name: 'Lucía Andrade', position: 'Directora General del SERCOP' },
          },
          actor,
          '2026-08-03T15:00:00.000Z',
        );
      const handedOver = [...history, handoverAcknowledged('Draft')];
      spec
        .given(handedOver)
        .when(signBy(actors.otherInstitution))
        .then([
          {
            type: 'ActaSignatureAdded',
            data: {
              party: 'institution',
              actaNumber: 'MDT-CDC-2026-001',
              signedOn: '2026-08-03',
              place: 'Distrito Metropolitano de Quito',
              signatory: { name: 'Lucía Andrade', position: 'Directora General del SERCOP' },
            },
          },
        ]);
      spec
        .given(handedOver)
        .when(signBy(actors.mdt))
        .thenError('FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION');
    });

    it("keeps the counterpart's signature on a transferred draft", () => {
      spec
        .given([
          ...readyToSignHistory(),
          counterpartSigned,
          markedTransferPending('Draft'),
          transferConcurred(),
          transferred,
        ])
        .when(acknowledge())
        .thenState((state) => {
          const { party, ...signature } = counterpartSigned.data;
          expect(party).toBe('counterpart');
          expect(existing(state).signatures).toEqual({ institution: null, counterpart: signature });
        });
    });

    it('refuses the redesigned institution: only the receiving one acknowledges', () => {
      spec
        .given(awaitingHandoverHistory())
        .when(acknowledge(undefined, actors.mdt))
        .thenError('FORBIDDEN_NOT_RECEIVING_INSTITUTION', {
          kind: 'forbidden',
          details: { organizationId: MDT_ID, receivingInstitutionId: OTHER_INSTITUTION_ID },
        });
    });

    it('refuses a third institution', () => {
      spec
        .given(awaitingHandoverHistory())
        .when(
          acknowledge(undefined, { id: 'u-senescyt', role: 'institution', organizationId: 'x' }),
        )
        .thenError('FORBIDDEN_NOT_RECEIVING_INSTITUTION');
    });

    it.each([
      ['presidency', actors.presidency],
      ['counterpart', actors.fae],
      ['system', actors.system],
    ])('refuses role %s', (_, actor) => {
      spec
        .given(awaitingHandoverHistory())
        .when(acknowledge(undefined, actor))
        .thenError('ROLE_NOT_ALLOWED', { details: { allowedRoles: ['institution'] } });
    });

    it('refuses a handover without documents', () => {
      spec
        .given(awaitingHandoverHistory())
        .when(acknowledge([]))
        .thenError('HANDOVER_DOCUMENTS_REQUIRED', {
          kind: 'invalid',
          details: { field: 'documents' },
        });
      spec
        .given(awaitingHandoverHistory())
        .when({ ...acknowledge(), data: { documents: null as unknown as [] } })
        .thenError('INVALID_FIELD', { kind: 'invalid', details: { field: 'documents' } });
    });

    it('refuses a document whose hash is not a sha256, naming it', () => {
      spec
        .given(awaitingHandoverHistory())
        .when(acknowledge([handoverDocuments()[0], { title: 'Acta', sha256: 'abc123' }]))
        .thenError('EVIDENCE_HASH_INVALID', {
          kind: 'invalid',
          details: { field: 'documents[1].sha256', sha256: 'abc123' },
        });
      spec
        .given(awaitingHandoverHistory())
        .when(acknowledge([{ title: 'Acta' } as { title: string; sha256: string }]))
        .thenError('EVIDENCE_HASH_INVALID', { details: { field: 'documents[0].sha256' } });
    });

    it('refuses a document without title', () => {
      spec
        .given(awaitingHandoverHistory())
        .when(acknowledge([{ title: '', sha256: SAMPLE_SHA256 }]))
        .thenError('REQUIRED_FIELD_MISSING', {
          kind: 'invalid',
          details: { field: 'documents[0].title' },
        });
    });

    it('refuses before the Presidency transferred the commitment', () => {
      spec
        .given([...transferPendingHistory(), transferConcurred()])
        .when(acknowledge())
        .thenError('COMMAND_NOT_ALLOWED_IN_STATUS', { details: { status: 'TransferPending' } });
    });

    it('refuses a second acknowledgement', () => {
      spec
        .given([...awaitingHandoverHistory(), handoverAcknowledged()])
        .when(acknowledge())
        .thenError('COMMAND_NOT_ALLOWED_IN_STATUS', { details: { status: 'InImplementation' } });
    });
  });

  describe('after the handover', () => {
    const handedOver = () => [
      ...signedHistory(),
      ...progressBeforeRedesign,
      ...awaitingHandoverHistory().slice(signedHistory().length),
      handoverAcknowledged(),
    ];

    it('refuses the old institution', () => {
      spec
        .given(handedOver())
        .when(report(actors.mdt))
        .thenError('FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION', {
          kind: 'forbidden',
          details: { actorOrganizationId: MDT_ID, institutionId: OTHER_INSTITUTION_ID },
        });
    });

    it('lets the new institution report progress on the milestones it inherited', () => {
      spec
        .given(handedOver())
        .when(report(actors.otherInstitution))
        .then([
          {
            type: 'MilestoneProgressReported',
            data: {
              reportId: 'p-sercop-1',
              milestoneId: 'h2',
              percent: 20,
              narrative: 'Borrador de estándares de calidad en revisión.',
              evidence: [evidence({ title: 'Borrador de estándares' })],
              reportedOn: '2026-08-10',
              classification: 'public',
            },
          },
        ]);
    });

    it('refuses a report id already used before the transfer: history is one', () => {
      spec
        .given(handedOver())
        .when(report(actors.otherInstitution, { reportId: 'p1' }))
        .thenError('PROGRESS_REPORT_ID_DUPLICATE');
    });

    it('keeps the counterpart reviewing the new institution', () => {
      spec
        .given([
          ...handedOver(),
          ...(commitmentDecider.decide(
            report(actors.otherInstitution),
            commitmentStateOf(handedOver()),
          ) as CommitmentEvent[]),
        ])
        .when(
          command(
            'ReviewProgressReport',
            { reportId: 'p-sercop-1', verdict: 'endorsed' },
            actors.fae,
            '2026-08-12T15:00:00.000Z',
          ),
        )
        .thenState((state) => expect(existing(state).milestones[1].lastEndorsedPercent).toBe(20));
    });
  });

  describe('while pending', () => {
    const submit = (actor: Actor) =>
      command<SubmitReport>(
        'SubmitReport',
        {
          reportId: 's2',
          audience: 'presidency',
          title: 'Estado del compromiso durante el rediseño',
          summary: 'Se mantiene el equipo técnico hasta la decisión.',
          classification: 'public',
        },
        actor,
        TRANSFER_AT.concurrence,
      );

    it('lets the redesigned institution keep informing, but not report progress', () => {
      spec
        .given(transferPendingHistory())
        .when(submit(actors.mdt))
        .thenState((state) => expect(existing(state).submittedReports).toHaveLength(1));
      spec
        .given(transferPendingHistory())
        .when(report(actors.mdt))
        .thenError('COMMAND_NOT_ALLOWED_IN_STATUS');
    });

    it('refuses the receiving institution before the handover', () => {
      spec
        .given(awaitingHandoverHistory())
        .when(submit(actors.otherInstitution))
        .thenError('FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION');
    });

    it.each([
      ['TransferPending', transferPendingHistory],
      ['AwaitingHandover', awaitingHandoverHistory],
    ] as const)('lets the Presidency withdraw a commitment in %s', (_, history) => {
      spec
        .given(history())
        .when(
          command<WithdrawCommitment>(
            'WithdrawCommitment',
            { reason: 'El compromiso pierde objeto con el rediseño.' },
            actors.presidency,
            AT.lastDay,
          ),
        )
        .thenState((state) => expect(state.status).toBe('Withdrawn'));
    });
  });

  it('tells a full redesign story: pending, concurred, transferred, acknowledged', () => {
    let events: CommitmentEvent[] = signedHistory();
    for (const cmd of [mark(), concur(), transfer(), acknowledge()]) {
      const decided = commitmentDecider.decide(cmd, commitmentStateOf(events));
      expect(Array.isArray(decided)).toBe(true);
      events = [...events, ...(decided as CommitmentEvent[])];
    }
    expect(events.slice(-4).map((e) => e.type)).toEqual([
      'CommitmentMarkedTransferPending',
      'TransferDecisionConcurred',
      'CommitmentTransferred',
      'InformationHandoverAcknowledged',
    ]);
    const state = existing(commitmentStateOf(events));
    expect(state.status).toBe('InImplementation');
    expect(state.responsible.institutionId).toBe(OTHER_INSTITUTION_ID);
    expect(state.milestones.map((m) => m.milestoneId)).toEqual([
      milestones.diagnosis.data.milestoneId,
      milestones.standards.data.milestoneId,
      milestones.feedback.data.milestoneId,
    ]);
  });
});
