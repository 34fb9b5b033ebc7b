/**
 * The store's EventLog alone, in this process, without gRPC: `W` writers loop `append` (one
 * ~500-byte event, expected revision any, one stream each) for `S` seconds; prints appends/s and
 * this process's CPU per append (user and system), minor page faults and context switches per
 * append. What a change to the store's write path does, without the
 * client, the transport and the other process that `bench:eventstore` measures around it.
 *
 *   W=16 S=3 node -r ts-node/register/transpile-only bench/event-log-alone.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLog } from '../libs/eventstore-server/src/storage/event-log';

const writers = Number(process.env.W ?? 1);
const seconds = Number(process.env.S ?? 3);
const data = Buffer.from(JSON.stringify({ payload: 'x'.repeat(480) }));

async function main(): Promise<void> {
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'event-log-alone-'));
  const log = await EventLog.open({ dataDir: dir });
  try {
    let appends = 0;
    let stop = false;
    const loop = async (writer: number) => {
      while (!stop) {
        const event = { id: randomUUID(), type: 'bench-event', isJson: true, data };
        await log.append(`w-${writer}`, 'any', [{ ...event, metadata: Buffer.alloc(0) }]);
        appends++;
      }
    };
    const startedAt = performance.now();
    const cpu = process.cpuUsage();
    const usage = process.resourceUsage();
    setTimeout(() => (stop = true), seconds * 1000);
    await Promise.all(Array.from({ length: writers }, (_, w) => loop(w)));
    const elapsed = (performance.now() - startedAt) / 1000;
    const used = process.cpuUsage(cpu);
    const after = process.resourceUsage();
    const per = (n: number, digits = 1) => (n / appends).toFixed(digits);
    console.log(
      `${writers} writers: ${Math.round(appends / elapsed)} appends/s, ` +
        `${per(used.user + used.system)} µs CPU per append ` +
        `(user ${per(used.user)}, system ${per(used.system)}), per append ` +
        `${per(after.minorPageFault - usage.minorPageFault, 2)} minor faults, ` +
        `${per(after.voluntaryContextSwitches - usage.voluntaryContextSwitches, 2)} voluntary and ` +
        `${per(after.involuntaryContextSwitches - usage.involuntaryContextSwitches, 2)} ` +
        `involuntary context switches`,
    );
  } finally {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
