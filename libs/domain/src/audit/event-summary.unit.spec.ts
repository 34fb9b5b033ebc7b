import {
  actionPlanRegistered,
  evidence,
  fundacionAlianzaRegistered,
  ministerioDelTrabajoRegistered,
  signedHistory,
} from '@hitos/testing';
import { ACTION_PLAN_EVENT_SCHEMA_VERSIONS } from '../action-plan/action-plan.events';
import {
  COMMITMENT_EVENT_SCHEMA_VERSIONS,
  type CommitmentEvent,
} from '../commitment/commitment.events';
import { REDESIGN_HANDLING_EVENT_SCHEMA_VERSIONS } from '../workflows/redesign-handling';
import { INSTITUTION_EVENT_SCHEMA_VERSIONS } from '../institution/institution.events';
import { ORGANIZATION_EVENT_SCHEMA_VERSIONS } from '../organization/organization.events';
import { SUMMARIZED_EVENT_TYPES, summarizeEvent } from './event-summary';

const reserved = evidence({
  classification: 'reserved',
  url: 'https://interno.trabajo.gob.ec/reservado.pdf',
  title: 'Informe reservado',
});

const later: CommitmentEvent[] = [
  {
    type: 'MilestoneProgressReported',
    data: {
      reportId: 'r1',
      milestoneId: 'h1',
      percent: 60,
      narrative: 'Avance',
      evidence: [reserved],
      reportedOn: '2026-06-15',
      classification: 'public',
    },
  },
  {
    type: 'ProgressReportReviewed',
    data: {
      reportId: 'r1',
      milestoneId: 'h1',
      verdict: 'objected',
      reasons: 'Falta la validación territorial',
      reviewedOn: '2026-06-20',
      round: 1,
    },
  },
  {
    type: 'ObjectionAnswered',
    data: {
      reportId: 'r1',
      milestoneId: 'h1',
      answer: 'Se adjunta',
      answeredOn: '2026-06-21',
      round: 1,
    },
  },
  { type: 'MilestoneCompleted', data: { milestoneId: 'h1', completedOn: '2026-06-30' } },
  {
    type: 'ReportSubmitted',
    data: {
      reportId: 's1',
      audience: 'citizens',
      submittedBy: 'counterpart',
      title: 'Informe',
      summary: 'Resumen',
      classification: 'public',
      submittedOn: '2026-07-01',
    },
  },
];

describe('the audit trail’s one-line summaries', () => {
  it('has a summary for every event type of every stream', () => {
    const all = [
      ACTION_PLAN_EVENT_SCHEMA_VERSIONS,
      INSTITUTION_EVENT_SCHEMA_VERSIONS,
      ORGANIZATION_EVENT_SCHEMA_VERSIONS,
      COMMITMENT_EVENT_SCHEMA_VERSIONS,
      REDESIGN_HANDLING_EVENT_SCHEMA_VERSIONS,
    ].flatMap((versions) => Object.keys(versions));
    expect([...SUMMARIZED_EVENT_TYPES].sort()).toEqual(all.sort());
  });

  it('says what happened in Spanish and in English, naming the facts', () => {
    expect(summarizeEvent(ministerioDelTrabajoRegistered)).toEqual({
      es: 'Se registró la institución Ministerio del Trabajo (MDT).',
      en: 'Institution Ministerio del Trabajo (MDT) registered.',
    });
    const signed = signedHistory().find((e) => e.type === 'ActaSigned')!;
    expect(summarizeEvent(signed).es).toBe(
      'El acta MDT-CDC-2026-001 quedó firmada por ambas partes en Distrito Metropolitano de Quito el 2026-01-28; empieza la implementación.',
    );
    expect(summarizeEvent(later[0])).toEqual({
      es: 'Se reportó un avance del 60 % en el hito h1 (1 evidencia).',
      en: '60% progress reported on milestone h1 (1 evidence item).',
    });
  });

  it('gives every event of a history a distinct, non-empty line in both languages', () => {
    const history = [
      actionPlanRegistered,
      ministerioDelTrabajoRegistered,
      fundacionAlianzaRegistered,
      ...signedHistory(),
      ...later,
    ];
    const lines = history.map(summarizeEvent);
    for (const line of lines) {
      expect(line.es.length).toBeGreaterThan(10);
      expect(line.en.length).toBeGreaterThan(10);
    }
    expect(new Set(lines.map((l) => l.es)).size).toBe(lines.length);
  });

  it('never repeats evidence links or titles, nor an objection’s reasons', () => {
    const text = later.map((e) => JSON.stringify(summarizeEvent(e))).join('\n');
    expect(text).not.toContain('interno.trabajo.gob.ec');
    expect(text).not.toContain('Informe reservado');
    expect(text).not.toContain('validación territorial');
  });

  it('has a neutral line for a type it does not know', () => {
    expect(summarizeEvent({ type: 'SomethingNew', data: {} })).toEqual({
      es: 'Evento SomethingNew.',
      en: 'Event SomethingNew.',
    });
  });
});
