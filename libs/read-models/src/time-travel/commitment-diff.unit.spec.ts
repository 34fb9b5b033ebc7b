import {
  actaSigned,
  actors,
  COMMITMENT_ID,
  counterpartSigned,
  evidence,
  FAE_ID,
  FakeAll,
  institutionSigned,
  MDT_ID,
  RESERVED_URL,
  readyToSignHistory,
} from '@hitos/testing';
import { PUBLIC_READER, type Reader } from '../reader';
import { WITHHELD_NOTE } from '../audit-trail/audit-trail.queries';
import { ATTRIBUTION_BUDGET, commitmentDiffFromHistory } from './commitment-diff';
import type { KnownHistory } from './known-history';
import { parseMoment } from './moment';

const STREAM = `commitment-${COMMITMENT_ID}`;
const MDT: Reader = { role: 'institution', organizationId: MDT_ID };
const PARTIES_NOW = { responsible_institution_id: MDT_ID, counterpart_organization_id: FAE_ID };

/** Drafted on 10 January, signed on 28 January (entered on 10 February), a reserved report on 15 March. */
function history(): KnownHistory {
  const all = new FakeAll();
  const at = (day: string) => ({ at: `${day}T15:00:00.000Z` });
  for (const event of readyToSignHistory()) all.record(STREAM, event, at('2026-01-10'));
  all.record(STREAM, institutionSigned, { ...at('2026-02-10'), actor: actors.mdt });
  all.record(STREAM, counterpartSigned, { ...at('2026-02-10'), actor: actors.fae });
  all.record(STREAM, actaSigned, { ...at('2026-02-10'), actor: actors.fae });
  all.record(
    STREAM,
    {
      type: 'MilestoneProgressReported',
      data: {
        reportId: 'r1',
        milestoneId: 'h1',
        percent: 40,
        narrative: 'Diagnóstico en curso',
        evidence: [{ ...evidence(), url: RESERVED_URL, classification: 'reserved' }],
        reportedOn: '2026-03-15',
      },
    },
    at('2026-03-15'),
  );
  return { events: all.events, position: all.events[all.events.length - 1].at.commit, bound: null };
}

const from = { recordedBy: parseMoment('2026-01-31')!.instant };

describe('a commitment between two moments', () => {
  it('lists the fields that changed, and the events that changed each', () => {
    const known = history();
    const diff = commitmentDiffFromHistory(
      COMMITMENT_ID,
      known,
      from,
      MDT,
      PARTIES_NOW,
      undefined,
    )!;
    const ids = known.events.map((e) => e.id);
    expect(diff.from).toEqual({ position: known.events[4].at.commit, revision: 4, exists: true });
    expect(diff.to).toEqual({ position: known.position, revision: 8, exists: true });
    const byPath = Object.fromEntries(diff.changes.map((c) => [c.path, c]));
    expect(byPath['$.status']).toMatchObject({
      change: 'changed',
      before: 'Draft',
      after: 'InImplementation',
      events: [ids[7]],
    });
    expect(byPath['$.signatures.institution']).toMatchObject({ before: null, events: [ids[5]] });
    expect(byPath["$.milestones[?@.milestoneId=='h1'].reports[?@.reportId=='r1']"]).toMatchObject({
      change: 'added',
      before: null,
      events: [ids[8]],
    });
    expect(
      JSON.stringify(byPath["$.milestones[?@.milestoneId=='h1'].reports[?@.reportId=='r1']"].after),
    ).toContain(RESERVED_URL);
    expect(diff.changes.map((c) => c.path)).not.toContain('$.revision');
    expect(diff.events.map((e) => [e.type, e.occurredOn])).toEqual([
      ['ActaSignatureAdded', '2026-01-28'],
      ['ActaSignatureAdded', '2026-01-28'],
      ['ActaSigned', '2026-01-28'],
      ['MilestoneProgressReported', '2026-03-15'],
    ]);
    expect(diff.events[2]).toMatchObject({
      id: ids[7],
      position: known.events[7].at.commit,
      revision: 7,
      recordedAt: expect.stringMatching(/^2026-02-10T15:00:00/),
      summary: { es: expect.stringContaining('MDT-CDC-2026-001'), en: expect.any(String) },
      withheld: false,
      changed: expect.arrayContaining(['$.status', '$.acta']),
    });
    expect(diff.attributed).toBe(true);
  });

  it('keeps reserved content out for the public: the event that carries it keeps its place, withheld', () => {
    const known = history();
    const diff = commitmentDiffFromHistory(
      COMMITMENT_ID,
      known,
      from,
      PUBLIC_READER,
      PARTIES_NOW,
      undefined,
    )!;
    expect(JSON.stringify(diff)).not.toContain(RESERVED_URL);
    expect(diff.events.map((e) => [e.type, e.withheld])).toEqual([
      ['ActaSignatureAdded', false],
      ['ActaSignatureAdded', false],
      ['ActaSigned', false],
      ['MilestoneProgressReported', true],
    ]);
    expect(diff.events[3].summary).toEqual({
      es: `Se reportó un avance del 40 % en el hito h1 (1 evidencia). ${WITHHELD_NOTE.es}`,
      en: `40% progress reported on milestone h1 (1 evidence item). ${WITHHELD_NOTE.en}`,
    });
    expect(diff.events[3].classification).toBe('reserved');
    expect(diff.changes.find((c) => c.path === '$.withheldEvidence')).toMatchObject({
      before: 0,
      after: 1,
      events: [known.events[8].id],
    });
  });

  it('from before the commitment existed, the whole view appears', () => {
    const diff = commitmentDiffFromHistory(
      COMMITMENT_ID,
      history(),
      { position: 0n },
      MDT,
      PARTIES_NOW,
      undefined,
    )!;
    expect(diff.from).toEqual({ position: null, revision: null, exists: false });
    expect(diff.changes).toEqual([
      expect.objectContaining({ path: '$', before: null, events: expect.any(Array) }),
    ]);
    expect(diff.changes[0].events).toHaveLength(9);
  });

  it('does not attribute changes to events past the budget, and says so', () => {
    const all = new FakeAll();
    for (const event of readyToSignHistory()) all.record(STREAM, event);
    const apart = Math.ceil(Math.sqrt(ATTRIBUTION_BUDGET));
    for (let i = 0; i < apart; i++) {
      all.record(STREAM, {
        type: 'ResourceIdentified',
        data: { resourceId: `rec-${i}`, kind: 'human', description: 'Equipo técnico' },
      });
    }
    const known = {
      events: all.events,
      position: all.events[all.events.length - 1].at.commit,
      bound: null,
    };
    const diff = commitmentDiffFromHistory(
      COMMITMENT_ID,
      known,
      { position: BigInt(all.events[4].at.commit) },
      MDT,
      PARTIES_NOW,
      undefined,
    )!;
    expect(diff.attributed).toBe(false);
    expect(diff.events).toHaveLength(apart);
    expect(diff.changes.every((c) => c.events === undefined)).toBe(true);
  });
});
