import {
  actaWorld,
  actors,
  COMMITMENT_ID,
  commitmentDrafted,
  completeRedesignHandling,
  ENGINE,
  engine,
  type FakeAll,
  MDT_ID,
  PLAN_ID,
  type ProjectionModel,
  ProjectionSpecification,
  recordRedesignHandling,
  REDESIGN_HANDLING_STREAM,
  transferSteps,
} from '@hitos/testing';
import { WITHHELD_NOTE, auditTrail, type AuditEntry } from '../audit-trail/audit-trail.queries';
import { PUBLIC_READER } from '../reader';
import { auditTrailProjection, type AuditTrailRow } from './audit-trail.projection';

describe('audit-trail projection', () => {
  const spec = ProjectionSpecification.for(auditTrailProjection);
  let model: ProjectionModel;
  let all: FakeAll;
  beforeEach(() => {
    model = spec.given();
    all = actaWorld();
  });

  const row = (type: string, n = 0) =>
    model.db
      .prepare('SELECT * FROM audit_event WHERE type = ? ORDER BY seq LIMIT 1 OFFSET ?')
      .get(type, n) as AuditTrailRow;

  it('records every event with its position, metadata, summary and scope', () => {
    model.when(all.events);
    expect(model.db.prepare('SELECT COUNT(*) AS n FROM audit_event').get()).toEqual({
      n: all.events.length,
    });
    const objection = all.events.find((e) => e.type === 'ProgressReportReviewed')!;
    expect(row('ProgressReportReviewed')).toEqual({
      seq: all.events.indexOf(objection) + 1,
      event_id: objection.id,
      position: objection.at.commit,
      stream_id: `commitment-${COMMITMENT_ID}`,
      revision: Number(objection.revision),
      type: 'ProgressReportReviewed',
      occurred_at: '2026-06-15T15:00:00.000Z',
      recorded_at: (objection.metadata as { recordedAt: string }).recordedAt,
      actor_id: actors.fae.id,
      actor_role: 'counterpart',
      actor_organization_id: 'fundacion-alianza-estrategica',
      correlation_id: `corr-${objection.at.commit}`,
      causation_id: `cmd-${objection.at.commit}`,
      command_id: `cmd-${objection.at.commit}`,
      reason: 'La muestra no incluye servicios rurales',
      summary_es: 'La contraparte observó el reporte r1 del hito h1.',
      summary_en: 'The counterpart objected to report r1 on milestone h1.',
      commitment_id: COMMITMENT_ID,
      institution_id: MDT_ID,
      organization_id: 'fundacion-alianza-estrategica',
      plan_id: PLAN_ID,
      // Its reasons inherit the reserved report's classification.
      classification: 'reserved',
    });
    expect(row('MilestoneRescheduled').reason).toBe('Retraso en la contratación de la consultoría');
    expect(row('ActionPlanRegistered')).toMatchObject({ plan_id: PLAN_ID, commitment_id: null });
    expect(row('InstitutionRegistered', 1)).toMatchObject({ institution_id: 'sercop' });
    expect(row('OrganizationRegistered')).toMatchObject({
      organization_id: 'fundacion-alianza-estrategica',
    });
  });

  it('classifies events by their most restrictive content', () => {
    model.when(all.events);
    expect(row('MilestoneProgressReported', 0).classification).toBe('reserved');
    expect(row('MilestoneProgressReported', 1).classification).toBe('confidential');
    expect(row('ReportSubmitted', 0).classification).toBe('reserved');
    expect(row('ReportSubmitted', 1).classification).toBe('public');
    expect(row('ActaSigned').classification).toBe('public');
  });

  it('serves a trail per commitment, institution, plan and correlation id, filtered for the public', () => {
    const other = all.record('commitment-otro', {
      type: 'CommitmentDrafted',
      data: {
        ...commitmentDrafted.data,
        commitmentId: 'otro',
        number: 8,
        responsible: { institutionId: 'sercop', unit: 'Dirección' },
      },
    });
    all.record('institution-mdt', {
      type: 'InstitutionRedesigned',
      data: {
        institutionId: MDT_ID,
        kind: 'renamed',
        legalInstrument: 'Decreto Ejecutivo No. 123',
        effectiveOn: '2026-08-01',
        successorIds: [],
        newName: 'Ministerio del Trabajo y Empleo',
      },
    });
    model.when(all.events);
    const commitmentEvents = all.events.filter(
      (e) => e.streamId === `commitment-${COMMITMENT_ID}`,
    ).length;
    const auditor = { role: 'auditor' as const };

    const trail = auditTrail(model.db, { commitmentId: COMMITMENT_ID }, auditor, {}, { limit: 5 });
    expect(trail.total).toBe(commitmentEvents);
    expect(trail.items.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
    const next = auditTrail(
      model.db,
      { commitmentId: COMMITMENT_ID },
      auditor,
      {},
      { limit: 5, offset: 5 },
    );
    expect(next.items[0].revision).toBe(5);

    // Public readers: the two progress reports (reserved/confidential narratives and evidence),
    // the objection whose reasons inherit the reserved report's classification, and the
    // reserved submitted report stay in their place as withheld rows: public facts only.
    const publicTrail = auditTrail(
      model.db,
      { commitmentId: COMMITMENT_ID },
      PUBLIC_READER,
      {},
      { limit: 500 },
    );
    const withheld = (trail: { items: AuditEntry[] }) => trail.items.filter((e) => e.withheld);
    expect(publicTrail.total).toBe(commitmentEvents);
    expect(publicTrail.items.map((e) => e.revision)).toEqual(
      Array.from({ length: commitmentEvents }, (_, i) => i),
    );
    expect(withheld(publicTrail).map((e) => [e.type, e.classification])).toEqual([
      ['MilestoneProgressReported', 'reserved'],
      ['ProgressReportReviewed', 'reserved'],
      ['MilestoneProgressReported', 'confidential'],
      ['ReportSubmitted', 'reserved'],
    ]);
    for (const row of withheld(publicTrail)) {
      // The public summary (it never holds free text), then the note that content is reserved.
      expect(row.summary.es.endsWith(WITHHELD_NOTE.es)).toBe(true);
      expect(row.summary.en.endsWith(WITHHELD_NOTE.en)).toBe(true);
      expect(row.reason).toBeNull();
    }
    expect(withheld(publicTrail)[1].summary.es).toBe(
      `La contraparte observó el reporte r1 del hito h1. ${WITHHELD_NOTE.es}`,
    );
    expect(JSON.stringify(publicTrail)).not.toContain('La muestra no incluye servicios rurales');
    // No person's user id for the public: role and organization only.
    expect(publicTrail.items.every((e) => e.actor.id === null)).toBe(true);
    expect(publicTrail.items.some((e) => e.actor.role === 'counterpart')).toBe(true);
    expect(
      publicTrail.items.filter((e) => !e.withheld).every((e) => e.classification === 'public'),
    ).toBe(true);
    // The parties see everything of their commitment; another institution does not.
    for (const reader of [
      { role: 'institution' as const, organizationId: MDT_ID },
      { role: 'counterpart' as const, organizationId: 'fundacion-alianza-estrategica' },
      { role: 'presidency' as const },
    ]) {
      const trail = auditTrail(
        model.db,
        { commitmentId: COMMITMENT_ID },
        reader,
        {},
        { limit: 500 },
      );
      expect(withheld(trail)).toEqual([]);
      expect(trail.items.some((e) => e.actor.id !== null)).toBe(true);
    }
    const sercop = auditTrail(
      model.db,
      { commitmentId: COMMITMENT_ID },
      { role: 'institution', organizationId: 'sercop' },
      {},
      { limit: 500 },
    );
    expect(withheld(sercop)).toHaveLength(4);
    expect(sercop.items.every((e) => e.actor.id === null)).toBe(true);

    // The institution's trail: its registration, its redesign and its commitment's events.
    const mdt = auditTrail(model.db, { institutionId: MDT_ID }, auditor, {}, { limit: 500 });
    expect(mdt.total).toBe(commitmentEvents + 2);
    expect(mdt.items.some((e) => e.streamId === 'commitment-otro')).toBe(false);
    expect(mdt.items[mdt.items.length - 1].summary.es).toBe(
      'Institución mdt renombrada como «Ministerio del Trabajo y Empleo» por Decreto Ejecutivo No. 123, desde 2026-08-01.',
    );

    // The counterpart's trail: its registration and the commitments it watches over (both).
    expect(
      auditTrail(model.db, { organizationId: 'fundacion-alianza-estrategica' }, auditor).total,
    ).toBe(commitmentEvents + 2);

    // Plan-wide: the plan's registration and both commitments.
    expect(auditTrail(model.db, { planId: PLAN_ID }, auditor).total).toBe(commitmentEvents + 2);

    // One request: the correlation id of the other commitment's draft.
    const correlated = auditTrail(
      model.db,
      { correlationId: (other.metadata as { $correlationId: string }).$correlationId },
      PUBLIC_READER,
    );
    expect(correlated.items.map((e) => e.streamId)).toEqual(['commitment-otro']);

    expect(
      auditTrail(model.db, { planId: PLAN_ID }, auditor, { types: ['ActaSigned'] }).items.map(
        (e) => e.type,
      ),
    ).toEqual(['ActaSigned']);
  });

  it('applies an event once in effect: a replay through the store changes nothing', () => {
    model.when(all.events);
    const before = model.db.prepare('SELECT * FROM audit_event ORDER BY seq').all();
    model.when(all.events.slice(3));
    model.when(all.events);
    expect(model.db.prepare('SELECT * FROM audit_event ORDER BY seq').all()).toEqual(before);
  });

  describe('transfers and the redesign workflow', () => {
    const transfer = () => {
      recordRedesignHandling(all, [COMMITMENT_ID]);
      engine(all, COMMITMENT_ID, [transferSteps.marked()]);
      completeRedesignHandling(all, [COMMITMENT_ID]);
      all.commitment(COMMITMENT_ID, [transferSteps.transferred()] as any, actors.presidency);
      engine(all, COMMITMENT_ID, [transferSteps.handoverOverdue()]);
      all.commitment(COMMITMENT_ID, [transferSteps.acknowledged()] as any, actors.otherInstitution);
      all.commitment(
        COMMITMENT_ID,
        [
          {
            type: 'ReportSubmitted',
            data: {
              reportId: 'inf-sercop',
              audience: 'presidency',
              submittedBy: 'institution',
              title: 'Informe reservado del SERCOP',
              summary: 'Reservado',
              classification: 'reserved',
              submittedOn: '2026-09-01',
            },
          },
        ] as any,
        actors.otherInstitution,
      );
      model.when(all.events);
    };
    const auditor = { role: 'auditor' } as const;

    it('shows the workflow’s own events plan-wide and in the redesigned institution’s trail', () => {
      transfer();
      const plan = auditTrail(model.db, { planId: PLAN_ID }, PUBLIC_READER, {
        types: ['RedesignHandlingStarted', 'RedesignHandlingCompleted'],
      });
      expect(plan.items.map((e) => [e.type, e.streamId, e.institutionId])).toEqual([
        ['RedesignHandlingStarted', REDESIGN_HANDLING_STREAM, MDT_ID],
        ['RedesignHandlingCompleted', REDESIGN_HANDLING_STREAM, MDT_ID],
      ]);
      expect(plan.items[0]).toMatchObject({
        actor: { id: ENGINE.id, role: 'system', organizationId: null },
        summary: { es: expect.stringContaining('1 compromisos afectados') },
      });
      expect(
        auditTrail(model.db, { institutionId: MDT_ID }, auditor, {
          types: ['RedesignHandlingCompleted'],
        }).total,
      ).toBe(1);
      expect(auditTrail(model.db, { planId: 'otro-plan' }, auditor).total).toBe(0);
    });

    it('records the engine’s events with actor role system', () => {
      transfer();
      const overdue = auditTrail(model.db, { commitmentId: COMMITMENT_ID }, PUBLIC_READER, {
        types: ['InformationHandoverOverdue'],
      }).items[0];
      expect(overdue).toMatchObject({
        actor: { id: 'hitos-workflows', role: 'system' },
        summary: { es: expect.stringContaining('sercop') },
        classification: 'public',
      });
    });

    it('hands the commitment’s history to the receiving institution, unbroken', () => {
      transfer();
      const sercop = auditTrail(model.db, { institutionId: 'sercop' }, auditor, {}, { limit: 500 });
      const types = sercop.items.map((e) => e.type);
      // Its own registration, then the commitment's whole history, drafting included.
      expect(types).toEqual(expect.arrayContaining(['CommitmentDrafted', 'ActaSigned']));
      expect(types.slice(-3)).toEqual([
        'InformationHandoverOverdue',
        'InformationHandoverAcknowledged',
        'ReportSubmitted',
      ]);
      expect(row('InformationHandoverAcknowledged').institution_id).toBe('sercop');
      expect(row('CommitmentTransferred').institution_id).toBe(MDT_ID);
      // MDT keeps what happened while it was responsible, not what came after.
      const mdt = auditTrail(model.db, { institutionId: MDT_ID }, auditor, {}, { limit: 500 });
      expect(mdt.items.map((e) => e.type)).toContain('CommitmentTransferred');
      expect(mdt.items.map((e) => e.type)).not.toContain('InformationHandoverAcknowledged');
    });

    it('lets the current parties read classified events; the former institution its own only', () => {
      transfer();
      const reports = (reader: any) =>
        auditTrail(model.db, { commitmentId: COMMITMENT_ID }, reader, {
          types: ['MilestoneProgressReported', 'ReportSubmitted'],
        })
          .items.filter((e) => !e.withheld)
          .map((e) => `${e.type}@${e.actor.organizationId}:${e.classification}`);
      const sercopReport = 'ReportSubmitted@sercop:reserved';
      // SERCOP, responsible now, reads the whole history, MDT's classified claims included.
      expect(reports({ role: 'institution', organizationId: 'sercop' })).toEqual([
        'MilestoneProgressReported@mdt:reserved',
        'MilestoneProgressReported@mdt:confidential',
        'ReportSubmitted@mdt:reserved',
        'ReportSubmitted@mdt:public',
        sercopReport,
      ]);
      // MDT keeps what it recorded while responsible, and no longer sees what came after.
      expect(reports(actors.mdt)).toEqual([
        'MilestoneProgressReported@mdt:reserved',
        'MilestoneProgressReported@mdt:confidential',
        'ReportSubmitted@mdt:reserved',
        'ReportSubmitted@mdt:public',
      ]);
      for (const outsider of [PUBLIC_READER, { role: 'institution', organizationId: 'otra' }]) {
        expect(reports(outsider)).toEqual(['ReportSubmitted@mdt:public']);
      }
      expect(reports(actors.fae)).toContain(sercopReport);
    });
  });
});
