/**
 * A large hitos history for benchmarks: a plan, its parties, and commitments each with a signed
 * acta and a long run of reviewed progress reports, written through the official client with
 * each stream's hash chain as hitos writes it (so `verify` finds nothing to report); and the raw
 * `$all` read rate the benchmarks compare their figures with.
 */
import { integrityHash } from '@hitos/event-store';
import { EventStoreDBClient, FORWARDS, START, jsonEvent } from '@hitos/event-store/esdb-client';
import {
  actaSigned,
  actionPlanRegistered,
  administratorDesignated,
  commitmentDraftedData,
  counterpartSigned,
  evidence,
  fundacionAlianzaRegistered,
  institutionSigned,
  milestones,
  ministerioDelTrabajoRegistered,
} from '@hitos/testing/fixtures';
import { fmtInt } from './util';

const REPORTS_PER_COMMITMENT = 400;

const metadata = (now: string) => ({
  schemaVersion: 1,
  actor: { id: 'bench', role: 'institution', organizationId: 'mdt' },
  occurredAt: now,
  recordedAt: now,
});
const event = (type: string, data: unknown, schemaVersion = 1) =>
  jsonEvent({
    type,
    data: data as never,
    metadata: { ...metadata('2026-06-15T12:00:00.000Z'), schemaVersion } as never,
  });

type Proposed = ReturnType<typeof event>;

/** Each stream's last revision and link, to chain the next events as command handling does. */
class Chains {
  private readonly last = new Map<string, { revision: bigint; hash: string }>();

  link(stream: string, events: Proposed[]): Proposed[] {
    let last = this.last.get(stream);
    for (const proposed of events) {
      const revision = last ? last.revision + 1n : 0n;
      const metadata = proposed.metadata as Record<string, unknown>;
      const previousHash = last?.hash ?? null;
      const hash = integrityHash({
        streamName: stream,
        revision,
        type: proposed.type,
        data: proposed.data,
        metadata,
        previousHash,
      });
      (proposed as { metadata: unknown }).metadata = {
        ...metadata,
        integrity: { previousHash, hash },
      };
      last = { revision, hash };
    }
    if (last) this.last.set(stream, last);
    return events;
  }
}

/** A plan, its parties, and commitments each with a signed acta and a long run of reviewed reports. */
export async function seedHitosHistory(
  client: EventStoreDBClient,
  target: number,
): Promise<number> {
  const chains = new Chains();
  const append = (stream: string, events: Proposed[]) =>
    client.appendToStream(stream, chains.link(stream, events));
  await append('plan-ec-paea-2026-2027', [
    event('ActionPlanRegistered', actionPlanRegistered.data),
  ]);
  await append('institution-mdt', [
    event('InstitutionRegistered', ministerioDelTrabajoRegistered.data),
  ]);
  await append('organization-fundacion-alianza-estrategica', [
    event('OrganizationRegistered', fundacionAlianzaRegistered.data),
  ]);
  let written = 3;
  for (let c = 0; written < target; c++) {
    const id = `bench-${c}`;
    const opening = [
      event('CommitmentDrafted', { ...commitmentDraftedData, commitmentId: id, number: c + 1 }),
      ...Object.values(milestones).map((m) => event('MilestonePlanned', m.data)),
      event('AdministratorDesignated', administratorDesignated.data),
      event('ActaSignatureAdded', institutionSigned.data),
      event('ActaSignatureAdded', counterpartSigned.data),
      event('ActaSigned', actaSigned.data),
    ];
    await append(`commitment-${id}`, opening);
    written += opening.length;
    for (let r = 0; r < REPORTS_PER_COMMITMENT && written < target; r += 50) {
      const batch: Proposed[] = [];
      for (let k = r; k < r + 50 && written + batch.length < target; k += 2) {
        batch.push(
          event(
            'MilestoneProgressReported',
            {
              reportId: `r-${k}`,
              milestoneId: 'h1',
              percent: Math.min(100, k % 100),
              narrative:
                'Avance del hito con participación de la contraparte en talleres territoriales.',
              evidence: [evidence({ url: `https://www.trabajo.gob.ec/evidencia/${id}/${k}.pdf` })],
              reportedOn: '2026-06-15',
            },
            2,
          ),
          event('ProgressReportReviewed', {
            reportId: `r-${k}`,
            milestoneId: 'h1',
            verdict: 'endorsed',
            reviewedOn: '2026-06-16',
          }),
        );
      }
      await append(`commitment-${id}`, batch);
      written += batch.length;
    }
    if (c % 50 === 0) process.stdout.write(`\r  seeded ${fmtInt(written)} events`);
  }
  process.stdout.write('\n');
  return written;
}

/** Every event of `$all` read forwards through the client, and the rate. */
export async function rawReadRate(
  client: EventStoreDBClient,
): Promise<{ events: number; perSecond: number }> {
  const started = performance.now();
  let events = 0;
  for await (const _ of client.readAll({ direction: FORWARDS, fromPosition: START })) events++;
  return { events, perSecond: events / ((performance.now() - started) / 1000) };
}
