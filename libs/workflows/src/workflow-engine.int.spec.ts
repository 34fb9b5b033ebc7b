import { randomUUID } from 'node:crypto';
import { useEventStore } from '@hitos/testing';
import { actors, milestones, signedHistory } from '@hitos/testing';
import { DEFAULT_WORKFLOW_POLICY } from './workflow-policy';
import {
  Seeder,
  TestClock,
  eventually,
  readStream,
  redesigned,
  signedCommitment,
  startEngine,
  tempDirectory,
  type EngineProcess,
} from './testing/workflow-fixture';

const policy = DEFAULT_WORKFLOW_POLICY;
const unique = (label: string) => `${label}${randomUUID().slice(0, 8)}`;

describe('the workflow engine, against the embedded store over gRPC', () => {
  const env = useEventStore();
  let dir: ReturnType<typeof tempDirectory>;
  const running: EngineProcess[] = [];
  beforeEach(() => {
    dir = tempDirectory('engine');
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop()));
    dir.remove();
  });

  /** `count` signed commitments of a fresh institution, plus one of another institution. */
  async function institutionHolding(seeder: Seeder, count: number) {
    const institutionId = unique('inst');
    const otherId = unique('other');
    const ids = Array.from({ length: count }, (_, i) => `${institutionId}-c${i}`);
    for (const id of ids)
      await seeder.append(
        `commitment-${id}`,
        signedCommitment(signedHistory(), id, institutionId),
        actors.mdt,
      );
    const unrelated = `${otherId}-c0`;
    await seeder.append(
      `commitment-${unrelated}`,
      signedCommitment(signedHistory(), unrelated, otherId),
      actors.mdt,
    );
    return { institutionId, otherId, ids, unrelated };
  }

  const marksOf = async (id: string) =>
    (await readStream(env.store, `commitment-${id}`)).filter(
      (e) => e.type === 'CommitmentMarkedTransferPending',
    );

  it('moves every commitment of a redesigned institution to TransferPending once, citing the redesign', async () => {
    // Before any milestone falls due, so that no deadline joins in.
    const clock = new TestClock(new Date('2026-02-02T12:00:00Z'));
    const seeder = new Seeder(env.store, clock);
    const { institutionId, otherId, ids, unrelated } = await institutionHolding(seeder, 5);
    // A withdrawn commitment is not the institution's to hand over.
    const withdrawn = `${institutionId}-withdrawn`;
    await seeder.append(
      `commitment-${withdrawn}`,
      [
        ...signedCommitment(signedHistory(), withdrawn, institutionId),
        { type: 'CommitmentWithdrawn', data: { reason: 'x', withdrawnOn: '2026-02-01' } },
      ],
      actors.presidency,
    );
    const redesign = await seeder.append(
      `institution-${institutionId}`,
      [redesigned(institutionId, [otherId])],
      actors.presidency,
    );
    const [redesignEvent] = await readStream(env.store, `institution-${institutionId}`);
    expect(redesign.events).toHaveLength(1);

    running.push(startEngine({ store: env.store, directory: dir.path, policy, clock }));
    const handling = await eventually(
      () => readStream(env.store, `redesignhandling-${redesignEvent.id}`),
      (events) => events.some((e) => e.type === 'RedesignHandlingCompleted'),
      'the redesign to be handled',
    );

    expect(handling.map((e) => e.type)).toEqual([
      'RedesignHandlingStarted',
      'RedesignHandlingCompleted',
    ]);
    expect(handling[0].data.commitmentIds).toEqual([...ids].sort());
    expect(handling[1].data.results).toEqual(
      [...ids].sort().map((commitmentId) => ({ commitmentId, outcome: 'marked' })),
    );
    for (const id of ids) {
      const marks = await marksOf(id);
      expect(marks).toHaveLength(1);
      expect(marks[0].data).toMatchObject({
        institutionId,
        previousStatus: 'InImplementation',
        redesign: { eventId: redesignEvent.id, kind: 'merged' },
      });
      expect(marks[0].metadata).toMatchObject({
        $causationId: redesignEvent.id,
        $correlationId: redesignEvent.metadata.$correlationId,
        actor: { id: 'hitos-workflows', role: 'system' },
      });
    }
    expect(await marksOf(unrelated)).toHaveLength(0);
    expect(await marksOf(withdrawn)).toHaveLength(0);
  });

  it('finishes a redesign another engine left halfway (a crash), doubling nothing', async () => {
    const clock = new TestClock(new Date('2026-02-02T12:00:00Z'));
    const seeder = new Seeder(env.store, clock);
    const { institutionId, otherId, ids } = await institutionHolding(seeder, 12);
    // The first engine dies after its fifth mark: every later command of it fails. It is armed
    // only once the engine has caught up, because while it rebuilds its model from $all it
    // re-issues (idempotently) the commands of redesigns earlier tests already handled.
    let armed = false;
    let marks = 0;
    const first = startEngine({
      store: env.store,
      directory: dir.path,
      policy,
      clock,
      intercept: (context) => {
        if (armed && context.commandId && ++marks > 6) throw new Error('killed');
      },
    });
    await eventually(async () => first.runner.caughtUp, Boolean, 'the first engine to catch up');
    await first.engine.idle();
    armed = true;
    await seeder.append(
      `institution-${institutionId}`,
      [redesigned(institutionId, [otherId])],
      actors.presidency,
    );
    const [redesignEvent] = await readStream(env.store, `institution-${institutionId}`);
    await eventually(
      async () => {
        const counts = await Promise.all(ids.map(async (id) => (await marksOf(id)).length));
        return counts.reduce((a, b) => a + b, 0);
      },
      (total) => total >= 5,
      'the first engine to mark some',
    );
    await first.stop();
    const half = await Promise.all(ids.map(async (id) => (await marksOf(id)).length));
    expect(half.filter((n) => n === 1).length).toBeGreaterThan(0);
    expect(half.filter((n) => n === 0).length).toBeGreaterThan(0);
    expect(
      (await readStream(env.store, `redesignhandling-${redesignEvent.id}`)).map((e) => e.type),
    ).toEqual(['RedesignHandlingStarted']);

    // A new process on the same model file: it resumes from the stored to-do list.
    running.push(startEngine({ store: env.store, directory: dir.path, policy, clock }));
    const handling = await eventually(
      () => readStream(env.store, `redesignhandling-${redesignEvent.id}`),
      (events) => events.some((e) => e.type === 'RedesignHandlingCompleted'),
      'the redesign to be finished',
    );
    expect(handling.map((e) => e.type)).toEqual([
      'RedesignHandlingStarted',
      'RedesignHandlingCompleted',
    ]);
    for (const id of ids) expect(await marksOf(id)).toHaveLength(1);
  });

  it('produces each outcome once with two engines running at the same time', async () => {
    const clock = new TestClock(new Date('2026-02-02T12:00:00Z'));
    const seeder = new Seeder(env.store, clock);
    const { institutionId, otherId, ids } = await institutionHolding(seeder, 20);
    const other = tempDirectory('engine-b');
    try {
      const a = startEngine({ store: env.store, directory: dir.path, policy, clock });
      const b = startEngine({ store: env.store, directory: other.path, policy, clock });
      running.push(a, b);
      await seeder.append(
        `institution-${institutionId}`,
        [redesigned(institutionId, [otherId])],
        actors.presidency,
      );
      const [redesignEvent] = await readStream(env.store, `institution-${institutionId}`);
      await eventually(
        () => readStream(env.store, `redesignhandling-${redesignEvent.id}`),
        (events) => events.some((e) => e.type === 'RedesignHandlingCompleted'),
        'the redesign to be handled',
      );
      await a.engine.idle();
      await b.engine.idle();
      const handling = await readStream(env.store, `redesignhandling-${redesignEvent.id}`);
      expect(handling.map((e) => e.type)).toEqual([
        'RedesignHandlingStarted',
        'RedesignHandlingCompleted',
      ]);
      for (const id of ids) expect(await marksOf(id)).toHaveLength(1);
    } finally {
      await Promise.all(running.splice(0).map((p) => p.stop()));
      other.remove();
    }
  });

  it('fires deadlines once across restarts, including those that fell due while it was down', async () => {
    const clock = new TestClock(new Date('2026-06-20T12:00:00Z'));
    const seeder = new Seeder(env.store, clock);
    const id = unique('timers');
    const stream = `commitment-${id}`;
    // h1 is due 2026-06-30: "due soon" from 2026-06-15.
    await seeder.append(stream, signedCommitment(signedHistory(), id, unique('inst')), actors.mdt);
    const deadlines = async () =>
      (await readStream(env.store, stream))
        .filter((e) =>
          [
            'MilestoneDueSoon',
            'MilestoneOverdue',
            'ProgressReportDue',
            'ProgressReportOverdue',
          ].includes(e.type),
        )
        .map((e) => `${e.type}:${e.data.milestoneId ?? e.data.dueOn}`);

    const first = startEngine({ store: env.store, directory: dir.path, policy, clock });
    await eventually(deadlines, (d) => d.length >= 1, 'the due-soon reminder');
    await first.engine.idle();
    await first.stop();
    // The report calendar runs from the signature (2026-01-28): the first report is owed by
    // 2026-07-28, reminded from 2026-07-13.
    expect(await deadlines()).toEqual(['MilestoneDueSoon:h1']);

    // Down over the due date and the report's; back on 2026-08-05.
    clock.set('2026-08-05T12:00:00Z');
    const second = startEngine({ store: env.store, directory: dir.path, policy, clock });
    await eventually(deadlines, (d) => d.length >= 3, 'what fell due while it was down');
    await second.engine.idle();
    await second.stop();
    expect((await deadlines()).sort()).toEqual(
      ['MilestoneDueSoon:h1', 'MilestoneOverdue:h1', 'ProgressReportOverdue:2026-07-28'].sort(),
    );

    // Restarted again the same day: nothing new.
    const third = startEngine({ store: env.store, directory: dir.path, policy, clock });
    running.push(third);
    await eventually(
      async () => third.runner.caughtUp,
      Boolean,
      'the restarted runner to catch up',
    );
    await third.engine.idle();
    expect((await deadlines()).sort()).toEqual(
      ['MilestoneDueSoon:h1', 'MilestoneOverdue:h1', 'ProgressReportOverdue:2026-07-28'].sort(),
    );
    const overdue = (await readStream(env.store, stream)).find(
      (e) => e.type === 'MilestoneOverdue',
    );
    expect(overdue?.data).toEqual({
      milestoneId: 'h1',
      due: '2026-06-30',
      detectedOn: '2026-08-05',
    });
    expect(overdue?.metadata.actor).toEqual({ id: 'hitos-workflows', role: 'system' });
  });

  it('cancels a milestone deadline when the milestone is completed or rescheduled', async () => {
    const clock = new TestClock(new Date('2026-02-02T12:00:00Z'));
    const seeder = new Seeder(env.store, clock);
    const id = unique('cancel');
    const stream = `commitment-${id}`;
    await seeder.append(stream, signedCommitment(signedHistory(), id, unique('inst')), actors.mdt);
    await seeder.append(
      stream,
      [
        { type: 'MilestoneCompleted', data: { milestoneId: 'h1', completedOn: '2026-02-01' } },
        {
          type: 'MilestoneRescheduled',
          data: {
            milestoneId: 'h2',
            previousStart: milestones.standards.data.start,
            previousDue: milestones.standards.data.due,
            start: milestones.standards.data.start,
            due: '2027-06-30',
            justification: 'x',
            concurrence: { coreGroupMemberId: 'g', reference: 'r', concurredOn: '2026-02-01' },
            slips: 1,
          },
        },
      ],
      actors.mdt,
    );
    // Past both h1's and h2's original due dates, before h2's new one.
    clock.set('2027-04-10T12:00:00Z');
    const engine = startEngine({ store: env.store, directory: dir.path, policy, clock });
    running.push(engine);
    const events = await eventually(
      () => readStream(env.store, stream),
      (all) =>
        all.some((e) => e.type === 'CommitmentPeriodEnded' || e.type === 'ProgressReportOverdue'),
      'the engine to act on the commitment',
    );
    await engine.engine.idle();
    const after = await readStream(env.store, stream);
    const milestoneDeadlines = after
      .filter((e) => e.type === 'MilestoneOverdue' || e.type === 'MilestoneDueSoon')
      .map((e) => `${e.type}:${e.data.milestoneId}`);
    expect(events.length).toBeGreaterThan(0);
    // h1 completed, h2 moved to 2027-06-30 (due soon only from 2027-06-15): nothing for either.
    expect(milestoneDeadlines).toEqual([]);
  });
});
