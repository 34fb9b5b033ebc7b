import type { Actor, CommitmentEvent, ExistingCommitment } from '@hitos/domain';
import { actors, commitmentStateOf, evidence, signedHistory } from '@hitos/testing';
import { mayReadClassified, visibleCommitment } from './commitment-visibility';

const RESERVED_URL = 'https://gobiernoabierto.ec/evidencias/mdt/reservado.pdf';
const CONFIDENTIAL_URL = 'https://gobiernoabierto.ec/evidencias/mdt/confidencial.pdf';
const PUBLIC_URL = 'https://gobiernoabierto.ec/evidencias/mdt/publico.pdf';

const history = (): CommitmentEvent[] => [
  ...signedHistory(),
  {
    type: 'MilestoneProgressReported',
    data: {
      reportId: 'r1',
      milestoneId: 'h1',
      percent: 50,
      narrative: 'Avance reservado',
      evidence: [
        evidence({ url: PUBLIC_URL }),
        evidence({ url: RESERVED_URL, classification: 'reserved' }),
      ],
      reportedOn: '2026-06-15',
      classification: 'reserved',
    },
  },
  {
    type: 'ReportSubmitted',
    data: {
      reportId: 'inf-1',
      audience: 'presidency',
      submittedBy: 'institution',
      title: 'Informe reservado',
      summary: 'Solo para la Presidencia',
      classification: 'confidential',
      submittedOn: '2026-06-16',
    },
  },
  {
    type: 'ReportSubmitted',
    data: {
      reportId: 'inf-2',
      audience: 'citizens',
      submittedBy: 'institution',
      title: 'Informe a la ciudadanía',
      summary: 'Avance público',
      classification: 'public',
      submittedOn: '2026-06-16',
    },
  },
  {
    type: 'CommitmentClosed',
    data: {
      resultsNarrative: 'Resultados',
      completion: 'substantial',
      openedGovernment: 'major',
      evidence: [
        evidence({ url: CONFIDENTIAL_URL, classification: 'confidential' }),
        evidence({ url: PUBLIC_URL }),
      ],
      counterpartCoSignature: {
        name: 'Carlos Vinueza',
        position: 'Director',
        signedOn: '2027-12-31',
      },
      closedOn: '2027-12-31',
      classification: 'public',
    },
  },
];

const state = () => commitmentStateOf(history()) as ExistingCommitment;

describe('commitment visibility (reserved and confidential evidence)', () => {
  it.each<[string, boolean, Actor]>([
    ['the Presidency', true, actors.presidency],
    ['an auditor', true, actors.auditor],
    ['the responsible institution', true, actors.mdt],
    ['the counterpart', true, actors.fae],
    ['another institution', false, actors.otherInstitution],
    ['another organization', false, actors.otherCounterpart],
    ['the Core Group', false, actors.coreGroup],
    ['a citizen', false, actors.citizen],
    ['an institution token without organization', false, { id: 'x', role: 'institution' }],
  ])('%s may read classified items: %s', (_label, expected, actor) => {
    expect(mayReadClassified(actor, state())).toBe(expected);
  });

  it('withholds non-public texts, evidence and reports in place for the public, and counts them', () => {
    const shown = visibleCommitment(state(), actors.citizen);
    const json = JSON.stringify(shown);
    expect(json).not.toContain(RESERVED_URL);
    expect(json).not.toContain(CONFIDENTIAL_URL);
    expect(json).not.toContain('Informe reservado');
    expect(json).not.toContain('Avance reservado');
    expect(json).toContain(PUBLIC_URL);
    expect(shown.withheldEvidence).toBe(2);
    expect(shown.withheldReports).toBe(1);
    expect(shown.withheldTexts).toBe(1);
    expect((json.match(/"withheld":true/g) ?? []).length).toBe(4);
    if (shown.status !== 'Closed') throw new Error('expected Closed');
    expect(shown.submittedReports.map((r) => [r.reportId, r.title])).toEqual([
      ['inf-1', null],
      ['inf-2', 'Informe a la ciudadanía'],
    ]);
    expect(shown.closure.evidence).toHaveLength(2);
    expect(shown.milestones[0].reports[0]).toMatchObject({
      narrative: null,
      classification: 'reserved',
      withheld: true,
    });
  });

  it('shows everything to the parties, with nothing withheld', () => {
    for (const actor of [actors.mdt, actors.fae, actors.presidency, actors.auditor]) {
      const shown = visibleCommitment(state(), actor);
      const json = JSON.stringify(shown);
      expect(json).toContain(RESERVED_URL);
      expect(json).toContain(CONFIDENTIAL_URL);
      expect(json).toContain('Avance reservado');
      expect(shown).toMatchObject({ withheldEvidence: 0, withheldReports: 0, withheldTexts: 0 });
    }
  });

  it('does not change the state it is given', () => {
    const original = state();
    const copy = structuredClone(original);
    visibleCommitment(original, actors.citizen);
    expect(original).toEqual(copy);
  });

  it('leaves an empty stream empty', () => {
    expect(visibleCommitment({ status: 'Empty' }, actors.citizen)).toEqual({
      status: 'Empty',
      withheldEvidence: 0,
      withheldReports: 0,
      withheldTexts: 0,
    });
  });
});
