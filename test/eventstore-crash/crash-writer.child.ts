/**
 * Child process of the crash test: runs the event store server on a data directory and
 * appends to it under load until it is killed (SIGKILL, by the parent) or its time is up.
 *
 * Several writers, each with its own client, append batches of events with known ids:
 * - "any" writers append with `expectedRevision: any` to a few streams shared between them,
 *   one of which (`crash-shared`) lives across iterations;
 * - "exact" writers own one stream each and append with the exact expected revision.
 *
 * Every append is reported to the parent as a JSON line on fd 3, with synchronous writes so
 * that a line is in the pipe before the next step: `try` before the append is sent, `ack` as
 * soon as the server acknowledged it, `err` if it failed. A line cut by the kill has no "\n"
 * and is ignored by the parent.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';
import { startEventStoreServer } from '@hitos/eventstore-server';
import {
  EventStoreDBClient,
  NO_STREAM,
  WrongExpectedVersionError,
  jsonEvent,
  type AppendExpectedRevision,
} from '@hitos/event-store/esdb-client';
import { mulberry32, type CrashWriterOptions, type WriterLine } from './crash-protocol';

const REPORT_FD = 3;

function report(line: WriterLine): void {
  const buffer = Buffer.from(`${JSON.stringify(line)}\n`);
  for (let offset = 0; offset < buffer.length;) {
    try {
      offset += writeSync(REPORT_FD, buffer, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '') as CrashWriterOptions;
  const random = mulberry32(options.seed);
  const server = await startEventStoreServer({
    dataDir: options.dataDir,
    host: '127.0.0.1',
    port: 0,
  });
  const writerCount = options.anyWriters + options.exactWriters;
  const clients = Array.from({ length: writerCount }, () =>
    EventStoreDBClient.connectionString(server.connectionString),
  );
  const sharedStreams = [
    'crash-shared',
    `crash-i${options.iteration}-a`,
    `crash-i${options.iteration}-b`,
  ];
  const deadline = Date.now() + options.timeLimitMs;
  let appends = 0;
  const more = () => Date.now() < deadline && appends < options.maxAppends;

  const makeEvents = (appendId: string) => {
    const big = random() < 0.1;
    const count = big ? 10 + Math.floor(random() * 20) : 1 + Math.floor(random() * 5);
    const payloadBytes = big ? 4096 : 16 + Math.floor(random() * 1024);
    return Array.from({ length: count }, (_, index) =>
      jsonEvent({
        id: randomUUID(),
        type: 'CrashTestEvent',
        data: { append: appendId, index, payload: randomBytes(payloadBytes).toString('base64') },
      }),
    );
  };

  const append = async (
    writer: number,
    seq: number,
    stream: string,
    expectedRevision: AppendExpectedRevision,
  ) => {
    const appendId = `${options.iteration}.${writer}.${seq}`;
    const events = makeEvents(appendId);
    appends++;
    report({ t: 'try', a: appendId, s: stream, ids: events.map((event) => event.id) });
    try {
      const result = await clients[writer].appendToStream(stream, events, { expectedRevision });
      report({
        t: 'ack',
        a: appendId,
        rev: result.nextExpectedRevision.toString(),
        ...(result.position
          ? { c: result.position.commit.toString(), p: result.position.prepare.toString() }
          : {}),
      });
      return result.nextExpectedRevision;
    } catch (error) {
      report({
        t: 'err',
        a: appendId,
        e: `${(error as Error).name}: ${(error as Error).message}`,
        wev: error instanceof WrongExpectedVersionError,
      });
      return undefined;
    }
  };

  const anyWriter = async (writer: number) => {
    for (let seq = 0; more(); seq++) {
      const stream = sharedStreams[Math.floor(random() * sharedStreams.length)];
      await append(writer, seq, stream, 'any');
    }
  };
  const exactWriter = async (writer: number) => {
    const stream = `crash-i${options.iteration}-w${writer}`;
    let expected: AppendExpectedRevision = NO_STREAM;
    for (let seq = 0; more(); seq++) {
      const next = await append(writer, seq, stream, expected);
      if (next === undefined) return; // revision unknown after a failure: this writer is done
      expected = next;
    }
  };

  // Warm up every client (connection, feature discovery, the BatchAppend stream) so that the
  // kill window starts when appends are flowing, not while the first calls are being set up.
  const warmUp = `crash-i${options.iteration}-warmup`;
  for (let writer = 0; writer < writerCount; writer++) {
    if ((await append(writer, -1, warmUp, 'any')) === undefined) {
      throw new Error(`warm-up append through client ${writer} failed`);
    }
  }
  report({ t: 'ready', pid: process.pid, port: server.port });
  await Promise.all(
    Array.from({ length: writerCount }, (_, writer) =>
      writer < options.anyWriters ? anyWriter(writer) : exactWriter(writer),
    ),
  );
  report({ t: 'done', appends });
  await Promise.all(clients.map((client) => client.dispose()));
  await server.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`crash writer: ${String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  },
);
