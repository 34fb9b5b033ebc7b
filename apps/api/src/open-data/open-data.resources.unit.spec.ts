import {
  actaWorld,
  COMMITMENT_ID,
  CONFIDENTIAL_URL,
  ProjectionSpecification,
  type ProjectionModel,
  RESERVED_REPORT_TITLE,
  RESERVED_URL,
} from '@hitos/testing';
import {
  commitmentDetailProjection,
  evidenceFilesProjection,
  registryProjection,
} from '@hitos/read-models';
import { PortalNames } from '../portal/portal-names';
import { OPEN_DATA_RESOURCES, csvCells } from './open-data.resources';

describe('the open-data resources, over the read models of acta MDT-CDC-2026-001', () => {
  // The specifications close their models after each test: a fresh pair for each.
  const detailSpec = ProjectionSpecification.for(commitmentDetailProjection);
  const registrySpec = ProjectionSpecification.for(registryProjection);
  const filesSpec = ProjectionSpecification.for(evidenceFilesProjection);
  let sources: {
    detail: ProjectionModel['db'];
    registry: ProjectionModel['db'];
    files: ProjectionModel['db'];
  };
  beforeEach(() => {
    const all = actaWorld();
    all.commitment(COMMITMENT_ID, [
      {
        type: 'QuestionAsked',
        data: {
          questionId: 'q1',
          text: '¿Cuándo se publica la encuesta?',
          askerName: 'Ana',
          askedOn: '2026-04-01',
          answerDueOn: '2026-04-16',
        },
      },
      {
        type: 'QuestionAnswered',
        data: { questionId: 'q1', answer: 'En mayo.', answeredOn: '2026-04-04' },
      },
      {
        type: 'QuestionAsked',
        data: {
          questionId: 'q2',
          text: 'Publicidad de seguidores baratos.',
          askedOn: '2026-04-02',
          answerDueOn: '2026-04-17',
        },
      },
      {
        type: 'QuestionHidden',
        data: { questionId: 'q2', reason: 'Publicidad.', hiddenOn: '2026-04-03' },
      },
    ]);
    sources = {
      detail: detailSpec.given(all).db,
      registry: registrySpec.given(all).db,
      files: filesSpec.given(all).db,
    };
  });
  const rowsOf = (name: string) => {
    const resource = OPEN_DATA_RESOURCES.find((r) => r.name === name)!;
    return [...resource.rows(sources, PortalNames.read(sources.registry))];
  };

  it('gives each record exactly its schema’s fields, each cell of the field’s type or null', () => {
    for (const resource of OPEN_DATA_RESOURCES) {
      const fields = resource.fields.map((f) => f.name);
      for (const record of rowsOf(resource.name)) {
        expect(Object.keys(record)).toEqual(fields);
        for (const field of resource.fields) {
          const cell = record[field.name];
          if (cell === null) {
            expect({ field: field.name, required: field.constraints?.required ?? false }).toEqual({
              field: field.name,
              required: false,
            });
            continue;
          }
          const expected =
            field.type === 'integer' || field.type === 'number'
              ? 'number'
              : field.type === 'boolean'
                ? 'boolean'
                : 'string';
          expect({ field: field.name, type: typeof cell }).toEqual({
            field: field.name,
            type: expected,
          });
          if (field.type === 'date') expect(cell).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          if (field.constraints?.enum) expect(field.constraints.enum).toContain(cell);
        }
        expect(csvCells(resource, record)).toHaveLength(fields.length);
      }
    }
  });

  it('holds nothing reserved or confidential, withholds it in place, and the counts agree', () => {
    const text = JSON.stringify(OPEN_DATA_RESOURCES.map((r) => rowsOf(r.name)));
    for (const secret of [RESERVED_URL, CONFIDENTIAL_URL, RESERVED_REPORT_TITLE])
      expect(text).not.toContain(secret);
    const [commitment] = rowsOf('commitments');
    expect(commitment).toMatchObject({
      commitment_id: COMMITMENT_ID,
      lead_institution: 'Ministerio del Trabajo',
      counterpart: 'Fundación Alianza Estratégica',
    });
    expect(rowsOf('evidence').every((e) => !String(e.url).includes('reserv'))).toBe(true);
    // Withheld in place: each withheld cell, row or item is counted, and the count agrees.
    const reports = rowsOf('progress-reports');
    const withheldTexts = reports.reduce(
      (n, r) => n + [r.withheld, r.review_withheld, r.answer_withheld].filter(Boolean).length,
      0,
    );
    const withheldEvidence = rowsOf('evidence').filter((e) => e.withheld).length;
    const withheldReports = rowsOf('reports').filter((r) => r.withheld).length;
    expect([withheldTexts, withheldEvidence, withheldReports]).toEqual([3, 2, 1]);
    expect(commitment.withheld_items).toBe(withheldTexts + withheldEvidence + withheldReports);
    expect(reports.reduce((n, r) => n + Number(r.withheld_evidence), 0)).toBe(withheldEvidence);
    for (const row of [...reports, ...rowsOf('evidence'), ...rowsOf('reports')]) {
      if (row.withheld) expect(row.classification).not.toBe('public');
    }
  });

  it('gives each round of review its row, reserved reasons withheld in place', () => {
    expect(
      rowsOf('progress-reports').map((r) => [r.report_id, r.review_status, r.review_round]),
    ).toEqual([
      ['r1', 'objected', 1],
      ['r2', 'endorsed', 1],
    ]);
    expect(rowsOf('review-rounds')).toEqual([
      {
        commitment_id: COMMITMENT_ID,
        report_id: 'r1',
        milestone_id: 'h1',
        round: 1,
        objection_reasons: null,
        objection_classification: 'reserved',
        objection_withheld: true,
        objected_on: '2026-03-20',
        answer: null,
        answer_classification: null,
        answer_withheld: null,
        answered_on: null,
      },
    ]);
  });

  it('lists the questions with their response times, a hidden one by its reason only', () => {
    expect(rowsOf('questions')).toEqual([
      {
        commitment_id: COMMITMENT_ID,
        question_id: 'q1',
        text: '¿Cuándo se publica la encuesta?',
        asker_name: 'Ana',
        asked_on: '2026-04-01',
        answer_due_on: '2026-04-16',
        answer: 'En mayo.',
        answered_on: '2026-04-04',
        days_to_answer: 3,
        answered_on_time: true,
        overdue_since: null,
        counterpart_view: null,
        hidden: false,
        hidden_reason: null,
        hidden_on: null,
      },
      expect.objectContaining({
        question_id: 'q2',
        text: null,
        asker_name: null,
        hidden: true,
        hidden_reason: 'Publicidad.',
        hidden_on: '2026-04-03',
      }),
    ]);
  });
});
