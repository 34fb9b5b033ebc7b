import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { UpcasterRegistry } from '@hitos/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FoldCache,
  FoldCheckpointFile,
  FoldCheckpointing,
  PUBLIC_READER,
  commitmentDetailProjection,
  foldCheckpointsFile,
  foldOf,
  type Reader,
} from '@hitos/read-models';
import {
  COMMITMENT_ID,
  MDT_ID,
  OTHER_INSTITUTION_ID,
  PLAN_ID,
  useEventStore,
} from '@hitos/testing';
import { ExitCode } from '../../conventions/cli-error';
import { appendWorld, transferredActaWorld, withForwardClock } from '../../testing/trail-world';
import {
  PastProblem,
  commitmentState,
  commitmentStateDiff,
  institutionState,
  parseAskedMoment,
  pastRequest,
  planState,
  type PastAsked,
  type PastContext,
} from './past-state';

const upcasters = new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS);
/** The world's events are recorded one a minute from this instant. */
const START = '2026-01-02T14:00:00Z';
const NOW = new Date('2026-12-02T12:00:00Z');

describe('audit state and diff: the API’s past views from a real store', () => {
  const env = useEventStore();
  const events = withForwardClock(transferredActaWorld().events, START);
  let positions: string[];

  beforeAll(async () => {
    const outcomes = await appendWorld(env.store, events);
    positions = outcomes.map((o) => o.position!.commit.toString());
  });

  const context = (reader: Reader = PUBLIC_READER): PastContext => ({
    store: env.store,
    upcasters,
    reader,
    now: () => NOW,
  });
  const request = (asked: PastAsked, reader?: Reader) => pastRequest(context(reader), asked);
  const indexOf = (type: string, streamId?: string) =>
    events.findIndex((e) => e.type === type && (!streamId || e.streamId === streamId));
  const problem = async (promise: Promise<unknown>): Promise<PastProblem> => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof PastProblem) return error;
      throw error;
    }
    throw new Error('expected a PastProblem');
  };

  it('shows the commitment now and before the transfer, citing a position that gives it again', async () => {
    const now = await commitmentState(context(), COMMITMENT_ID, await request({}));
    expect((now.responsible as any).institutionId).toBe(OTHER_INSTITUTION_ID);
    const transferred = indexOf('CommitmentTransferred');
    const before = await commitmentState(
      context(),
      COMMITMENT_ID,
      await request({ asOfPosition: BigInt(positions[transferred - 1]) }),
    );
    expect((before.responsible as any).institutionId).toBe(MDT_ID);
    const block = before.asOf as any;
    expect(block).toMatchObject({ view: 'as-known', moment: null, happenedBy: null });
    expect(BigInt(block.position)).toBeLessThanOrEqual(BigInt(positions[transferred - 1]));
    // The same view again at the position it cites.
    const again = await commitmentState(
      context(),
      COMMITMENT_ID,
      await request({ asOfPosition: BigInt(block.position) }),
    );
    expect({ ...again, asOf: null }).toEqual({ ...before, asOf: null });
    // By date: the time of the event before the transfer, as an ISO date-time.
    const byTime = await commitmentState(
      context(),
      COMMITMENT_ID,
      await request({
        asOf: parseAskedMoment(
          '--as-of',
          events[transferred - 1].metadata!['recordedAt' as never],
          false,
        ),
      }),
    );
    expect({ ...byTime, asOf: null }).toEqual({ ...before, asOf: null });
  });

  it('given the API’s fold checkpoints, read only, answers each past of the commitment as without them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hitos-cli-folds-'));
    const stream = `commitment-${COMMITMENT_ID}`;
    const length = events.filter((e) => e.streamId === stream).length;
    const writer = FoldCheckpointFile.open(foldCheckpointsFile(dir), [
      foldOf(commitmentDetailProjection),
    ]);
    await new FoldCheckpointing({ store: env.store, file: writer, upcasters, every: 4 }).catchUp(
      [[stream, length]],
      100,
    );
    writer.close();
    const file = FoldCheckpointFile.openReadonly(foldCheckpointsFile(dir))!;
    const marks = file.marks(foldOf(commitmentDetailProjection), stream).length;
    expect(marks).toBe(Math.floor(length / 4));
    expect(marks).toBeGreaterThan(2);
    try {
      for (const position of positions) {
        const asked = await request({ asOfPosition: BigInt(position) });
        const folds = new FoldCache(2, 4, file);
        const withFolds = await commitmentState(
          { ...context(), folds },
          COMMITMENT_ID,
          asked,
        ).catch((error: unknown) => error);
        folds.close();
        const without = await commitmentState(context(), COMMITMENT_ID, asked).catch(
          (error: unknown) => error,
        );
        expect(withFolds).toEqual(without);
      }
      // Read only: nothing written, whatever the folds made on the way.
      expect(file.marks(foldOf(commitmentDetailProjection), stream)).toHaveLength(marks);
    } finally {
      file.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('withholds reserved content from the public and shows it to an auditor', async () => {
    const asPublic = await commitmentState(context(), COMMITMENT_ID, await request({}));
    const asAuditor = await commitmentState(
      context({ role: 'auditor' }),
      COMMITMENT_ID,
      await request({}),
    );
    expect(Number(asPublic.withheldEvidence) + Number(asPublic.withheldReports)).toBeGreaterThan(0);
    expect(asAuditor.withheldEvidence).toBe(0);
    expect(asAuditor.withheldReports).toBe(0);
  });

  it('says NOT_FOUND_AS_OF (exit 1) before the commitment existed, with when it began', async () => {
    const drafted = indexOf('CommitmentDrafted');
    const error = await problem(
      commitmentState(
        context(),
        COMMITMENT_ID,
        await request({ asOfPosition: BigInt(positions[drafted - 1]) }),
      ),
    );
    expect(error.code).toBe('NOT_FOUND_AS_OF');
    expect(error.exitCode).toBe(ExitCode.Problem);
    expect(error.toJSON()).toMatchObject({
      firstPosition: positions[drafted],
      errors: [{ field: '--as-of-position' }],
    });
    expect(error.message).toContain('aún no existía');
    expect(error.message).toContain('did not exist yet');
  });

  it('says NOT_FOUND (exit 2) for a commitment that never existed, AS_OF_IN_FUTURE for a later moment', async () => {
    const never = await problem(commitmentState(context(), 'no-existe', await request({})));
    expect(never.code).toBe('NOT_FOUND');
    expect(never.exitCode).toBe(ExitCode.CouldNotRun);
    const future = await problem(
      request({ asOf: parseAskedMoment('--as-of', '2027-01-01', false) }),
    );
    expect(future.code).toBe('AS_OF_IN_FUTURE');
    expect(future.exitCode).toBe(ExitCode.CouldNotRun);
    // Today's date stands for now.
    await expect(
      request({ asOf: parseAskedMoment('--as-of', '2026-12-02', false) }),
    ).resolves.toEqual({
      cut: { recordedBy: NOW },
    });
    const beyond = await problem(request({ asOfPosition: 10n ** 15n }));
    expect(beyond.code).toBe('AS_OF_IN_FUTURE');
  });

  it('shows the plan’s dashboard and an institution’s portfolio, before and after the transfer', async () => {
    const dashboard = await planState(context(), PLAN_ID, await request({}));
    expect(dashboard).toMatchObject({ planId: PLAN_ID, commitments: 1 });
    const registered = indexOf('ActionPlanRegistered');
    const early = await problem(
      planState(
        context(),
        PLAN_ID,
        await request({ asOfPosition: BigInt(positions[registered]) - 1n }),
      ),
    );
    expect(early.code).toBe('NOT_FOUND_AS_OF');

    const transferred = indexOf('InformationHandoverAcknowledged');
    const cut = { asOfPosition: BigInt(positions[transferred - 1]) };
    const mdtBefore = await institutionState(context(), MDT_ID, await request(cut));
    const sercopBefore = await institutionState(
      context(),
      OTHER_INSTITUTION_ID,
      await request(cut),
    );
    const sercopNow = await institutionState(context(), OTHER_INSTITUTION_ID, await request({}));
    const ids = (p: Record<string, unknown>) =>
      (p.commitments as any).items.map((i: any) => i.commitmentId);
    expect(ids(mdtBefore)).toEqual([COMMITMENT_ID]);
    expect(ids(sercopBefore)).toEqual([]);
    expect(ids(sercopNow)).toEqual([COMMITMENT_ID]);
    const never = await problem(institutionState(context(), 'nadie', await request({})));
    expect(never.code).toBe('NOT_FOUND');
  });

  it('diffs the commitment across the transfer: the responsible changed, the events between listed', async () => {
    const transferred = indexOf('CommitmentTransferred');
    const from = parseAskedMoment('--from', positions[transferred - 1], true);
    const diff = await commitmentStateDiff(context(), COMMITMENT_ID, from, undefined);
    expect(diff.from).toMatchObject({
      requestedPosition: positions[transferred - 1],
      exists: true,
    });
    expect(diff.to).toMatchObject({ requestedPosition: null, moment: null, exists: true });
    expect(diff.changes.map((c) => c.path)).toContain('$.responsible.institutionId');
    expect(diff.events.map((e) => e.type)).toEqual(
      events
        .slice(transferred)
        .filter((e) => e.streamId === `commitment-${COMMITMENT_ID}`)
        .map((e) => e.type),
    );
    // The reserved report SERCOP submitted is in its place, withheld from the public.
    const report = diff.events.find((e) => e.type === 'ReportSubmitted')!;
    expect(report.withheld).toBe(true);
    const asAuditor = await commitmentStateDiff(
      context({ role: 'auditor' }),
      COMMITMENT_ID,
      from,
      undefined,
    );
    expect(asAuditor.events.find((e) => e.type === 'ReportSubmitted')!.withheld).toBe(false);

    const drafted = indexOf('CommitmentDrafted');
    const notYet = await problem(
      commitmentStateDiff(
        context(),
        COMMITMENT_ID,
        parseAskedMoment('--from', '1', true),
        parseAskedMoment('--to', String(BigInt(positions[drafted]) - 1n), true),
      ),
    );
    expect(notYet.code).toBe('NOT_FOUND_AS_OF');
    const reversed = commitmentStateDiff(
      context(),
      COMMITMENT_ID,
      parseAskedMoment('--from', positions[transferred], true),
      parseAskedMoment('--to', positions[drafted], true),
    );
    await expect(reversed).rejects.toThrow(/--from/);
  });
});
