import type { Actor, HitosEvent } from '@hitos/domain';
import type { RecordedInAll } from '@hitos/projections';
import {
  AT,
  COMMITMENT_ID,
  REDESIGN_EVENT_ID,
  actionPlanRegistered,
  actors,
  evidence,
  fundacionAlianzaRegistered,
  ministerioDelTrabajoRegistered,
  sercopRegistered,
  signedHistory,
} from './fixtures';

/**
 * A fake `$all` for read-model specs: each recorded event gets the next position and its
 * stream's next revision, with the metadata hitos's write side would have written.
 */
export class FakeAll {
  readonly events: RecordedInAll[] = [];
  private position = 0;
  private readonly revisions = new Map<string, number>();

  record(
    streamId: string,
    event: { type: string; data: unknown },
    options: { actor?: Actor; at?: string; correlationId?: string; causationId?: string } = {},
  ): RecordedInAll {
    const revision = this.revisions.get(streamId) ?? 0;
    this.revisions.set(streamId, revision + 1);
    this.position += 100;
    const at = options.at ?? AT.implementation;
    const commandId = `cmd-${this.position}`;
    const recorded: RecordedInAll = {
      id: `00000000-0000-4000-8000-${String(this.position).padStart(12, '0')}`,
      type: event.type,
      streamId,
      revision: BigInt(revision),
      data: event.data,
      metadata: {
        schemaVersion: 1,
        commandId,
        $correlationId: options.correlationId ?? `corr-${this.position}`,
        $causationId: options.causationId ?? commandId,
        actor: options.actor ?? actors.presidency,
        occurredAt: at,
        recordedAt: at.replace(/\.\d{3}Z$/, `.${String(this.position % 1000).padStart(3, '0')}Z`),
        integrity: { previousHash: null, hash: 'x' },
      },
      created: new Date(at),
      at: { commit: String(this.position), prepare: String(this.position) },
    };
    this.events.push(recorded);
    return recorded;
  }

  commitment(
    commitmentId: string,
    events: readonly { type: string; data: unknown }[],
    actor: Actor = actors.mdt,
  ): RecordedInAll[] {
    return events.map((event) => this.record(`commitment-${commitmentId}`, event, { actor }));
  }
}

/** A reserved evidence URL: no public reader may ever see it. */
export const RESERVED_URL = 'https://mdt.gob.ec/reservado/informe-interno.pdf';
export const CONFIDENTIAL_URL = 'https://mdt.gob.ec/confidencial/datos-personales.xlsx';
export const RESERVED_REPORT_TITLE = 'Informe reservado a la Presidencia';

/**
 * The acta's commitment signed, with a progress report carrying public and reserved evidence
 * that is objected, a second one (confidential evidence) endorsed, a reschedule, a resource and
 * two reports to the Presidency and the citizens (the first reserved), plus the registrations
 * of the plan, the two institutions and the organization.
 */
export function actaWorld(): FakeAll {
  const all = new FakeAll();
  all.record('plan-ec-paea-2026-2027', actionPlanRegistered);
  all.record('institution-mdt', ministerioDelTrabajoRegistered);
  all.record('institution-sercop', sercopRegistered);
  all.record('organization-fundacion-alianza-estrategica', fundacionAlianzaRegistered);
  all.commitment(COMMITMENT_ID, signedHistory());
  const events: HitosEvent[] = [
    {
      type: 'MilestoneProgressReported',
      data: {
        reportId: 'r1',
        milestoneId: 'h1',
        percent: 40,
        narrative: 'Diagnóstico en curso',
        evidence: [
          evidence(),
          {
            ...evidence(),
            title: 'Informe interno',
            url: RESERVED_URL,
            classification: 'reserved',
          },
        ],
        reportedOn: '2026-03-15',
        // As the v2→v3 upcast gives it: the strictest of its evidence.
        classification: 'reserved',
      },
    },
    {
      type: 'ProgressReportReviewed',
      data: {
        reportId: 'r1',
        milestoneId: 'h1',
        verdict: 'objected',
        reasons: 'La muestra no incluye servicios rurales',
        reviewedOn: '2026-03-20',
        round: 1,
      },
    },
    {
      type: 'MilestoneProgressReported',
      data: {
        reportId: 'r2',
        milestoneId: 'h1',
        percent: 60,
        narrative: 'Se amplió la muestra',
        evidence: [
          {
            ...evidence(),
            title: 'Datos',
            url: CONFIDENTIAL_URL,
            classification: 'confidential',
          },
        ],
        reportedOn: '2026-04-10',
        classification: 'confidential',
      },
    },
    {
      type: 'ProgressReportReviewed',
      data: {
        reportId: 'r2',
        milestoneId: 'h1',
        verdict: 'endorsed',
        reviewedOn: '2026-04-15',
        round: 1,
      },
    },
    {
      type: 'MilestoneRescheduled',
      data: {
        milestoneId: 'h2',
        previousStart: '2026-07-01',
        previousDue: '2027-03-31',
        start: '2026-07-01',
        due: '2027-05-31',
        justification: 'Retraso en la contratación de la consultoría',
        requestId: null,
        concurrence: {
          coreGroupMemberId: 'gn-sociedad-civil',
          reference: 'Acta GN-2026-04',
          concurredOn: '2026-04-20',
          source: 'asserted-by-institution',
        },
        slips: 1,
      },
    },
    {
      type: 'ResourceIdentified',
      data: {
        resourceId: 'rec-1',
        kind: 'financial',
        description: 'Consultoría de diagnóstico',
        estimatedAmount: { amount: 25000, currency: 'USD' },
        budgetCertification: 'CP-2026-0042',
      },
    },
    {
      type: 'ReportSubmitted',
      data: {
        reportId: 'inf-1',
        audience: 'presidency',
        submittedBy: 'institution',
        title: RESERVED_REPORT_TITLE,
        summary: 'Riesgos de la implementación',
        link: 'https://mdt.gob.ec/reservado/riesgos.pdf',
        classification: 'reserved',
        submittedOn: '2026-04-30',
      },
    },
    {
      type: 'ReportSubmitted',
      data: {
        reportId: 'inf-2',
        audience: 'citizens',
        submittedBy: 'institution',
        title: 'Informe semestral a la ciudadanía',
        summary: 'Avance del diagnóstico',
        classification: 'public',
        submittedOn: '2026-05-05',
      },
    },
  ];
  all.commitment(COMMITMENT_ID, events.slice(0, 1));
  all.record(`commitment-${COMMITMENT_ID}`, events[1], { actor: actors.fae });
  all.commitment(COMMITMENT_ID, events.slice(2, 3));
  all.record(`commitment-${COMMITMENT_ID}`, events[3], { actor: actors.fae });
  all.commitment(COMMITMENT_ID, events.slice(4));
  return all;
}

// ── transfers and deadlines (the redesign workflow and the deadline engine) ─────────────────

/** The workflow engine as the audit trail names it. */
export const ENGINE: Actor = { id: 'hitos-workflows', role: 'system' };
export const RECEIVING_UNIT = 'Dirección de Calidad de la Contratación Pública';
export const RECEIVING_ADMINISTRATOR = {
  name: 'Lucía Andrade',
  position: 'Directora de Calidad',
  unit: RECEIVING_UNIT,
  email: 'lucia.andrade@sercop.gob.ec',
};
const CONCURRENCE = {
  coreGroupMemberId: 'gn-sociedad-civil',
  reference: 'Acta GN-2026-07',
  concurredOn: '2026-07-10',
};

/** The events of a redesign of MDT that moves a commitment to SERCOP, step by step. */
export const transferSteps = {
  marked: (previousStatus: 'Draft' | 'InImplementation' | 'Completed' = 'InImplementation') => ({
    type: 'CommitmentMarkedTransferPending',
    data: {
      institutionId: 'mdt',
      redesign: {
        eventId: REDESIGN_EVENT_ID,
        kind: 'merged' as const,
        legalInstrument: 'Decreto Ejecutivo No. 123',
        effectiveOn: '2026-06-30',
        successorIds: ['sercop'],
      },
      previousStatus,
      markedOn: '2026-07-01',
    },
  }),
  concurred: (decision: 'maintain' | 'transfer' = 'transfer') => ({
    type: 'TransferDecisionConcurred',
    data: { ...CONCURRENCE, decision, toInstitutionId: decision === 'transfer' ? 'sercop' : null },
  }),
  decisionOverdue: () => ({
    type: 'TransferDecisionOverdue',
    data: {
      pendingSince: '2026-07-01',
      limitDays: 30,
      dueOn: '2026-07-31',
      detectedOn: '2026-08-01',
    },
  }),
  maintained: (resumedStatus: 'Draft' | 'InImplementation' | 'Completed' = 'InImplementation') => ({
    type: 'CommitmentMaintained',
    data: {
      institutionId: 'mdt',
      reason: 'El ministerio conserva la competencia.',
      concurrence: CONCURRENCE,
      resumedStatus,
      decidedOn: '2026-08-05',
    },
  }),
  transferred: () => ({
    type: 'CommitmentTransferred',
    data: {
      fromInstitutionId: 'mdt',
      toInstitutionId: 'sercop',
      receivingUnit: RECEIVING_UNIT,
      administrator: RECEIVING_ADMINISTRATOR,
      reason: 'La competencia pasa al SERCOP.',
      concurrence: CONCURRENCE,
      decidedOn: '2026-08-05',
    },
  }),
  handoverOverdue: () => ({
    type: 'InformationHandoverOverdue',
    data: {
      toInstitutionId: 'sercop',
      transferredOn: '2026-08-05',
      limitDays: 15,
      dueOn: '2026-08-20',
      detectedOn: '2026-08-21',
    },
  }),
  acknowledged: (
    resumedStatus: 'Draft' | 'InImplementation' | 'Completed' = 'InImplementation',
  ) => ({
    type: 'InformationHandoverAcknowledged',
    data: {
      fromInstitutionId: 'mdt',
      toInstitutionId: 'sercop',
      receivingUnit: RECEIVING_UNIT,
      documents: [{ title: 'Acta de entrega-recepción', sha256: 'a'.repeat(64) }],
      resumedStatus,
      acknowledgedOn: '2026-08-25',
    },
  }),
};

/** The redesign workflow's own stream for {@link REDESIGN_EVENT_ID}. */
export const REDESIGN_HANDLING_STREAM = `redesignhandling-${REDESIGN_EVENT_ID}`;

export function recordRedesignHandling(all: FakeAll, commitmentIds: string[]): void {
  all.record(
    REDESIGN_HANDLING_STREAM,
    {
      type: 'RedesignHandlingStarted',
      data: {
        redesignEventId: REDESIGN_EVENT_ID,
        redesign: {
          institutionId: 'mdt',
          kind: 'merged',
          legalInstrument: 'Decreto Ejecutivo No. 123',
          effectiveOn: '2026-06-30',
          successorIds: ['sercop'],
        },
        commitmentIds,
        startedOn: '2026-07-01',
      },
    },
    { actor: ENGINE },
  );
}

export function completeRedesignHandling(all: FakeAll, commitmentIds: string[]): void {
  all.record(
    REDESIGN_HANDLING_STREAM,
    {
      type: 'RedesignHandlingCompleted',
      data: {
        results: commitmentIds.map((commitmentId) => ({ commitmentId, outcome: 'marked' })),
        completedOn: '2026-07-01',
      },
    },
    { actor: ENGINE },
  );
}

/** Records engine-written events (actor role `system`) on a commitment's stream. */
export function engine(
  all: FakeAll,
  commitmentId: string,
  events: { type: string; data: unknown }[],
) {
  return events.map((event) => all.record(`commitment-${commitmentId}`, event, { actor: ENGINE }));
}
