/**
 * readStream and readAll. Stream reads start at a revision and include it in both directions
 * (ReadStreamEventsForward/Backward); $all reads forwards include the starting position and
 * backwards exclude it (AllReader.cs). A missing stream ends the read with stream_not_found,
 * which the client raises as StreamNotFoundError.
 */
import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  StreamNotFoundError,
  binaryEvent,
  jsonEvent,
  type AllStreamResolvedEvent,
} from '@hitos/event-store/esdb-client';
import {
  expectRejection,
  numberedEvents,
  positionOf,
  range,
  readAllEvents,
  readStreamEvents,
  revisionsOf,
  streamName,
  useServer,
} from './harness';

const env = useServer();

/** A stream of ten numbered JSON events, written once for the read tests. */
let tenEvents: string;
let tenIds: string[];

beforeAll(async () => {
  tenEvents = streamName('read-ten');
  const events = numberedEvents(10);
  tenIds = events.map((e) => e.id);
  await env.client.appendToStream(tenEvents, events.slice(0, 4));
  await env.client.appendToStream(tenEvents, events.slice(4));
});

describe('readStream', () => {
  it('given ten events, when reading forwards from start, then all come back in order with their ids, types and data', async () => {
    const events = await readStreamEvents(env.client, tenEvents, {
      fromRevision: START,
      direction: FORWARDS,
    });

    expect(revisionsOf(events)).toEqual(range(0, 10));
    expect(events.map((e) => e.event!.id)).toEqual(tenIds);
    for (const [i, e] of events.entries()) {
      expect(e.event).toMatchObject({
        streamId: tenEvents,
        type: 'numbered',
        isJson: true,
        data: { n: i },
      });
    }
  });

  it('given ten events, when reading forwards from revision 4 with maxCount 3, then revisions 4, 5 and 6 come back', async () => {
    const events = await readStreamEvents(env.client, tenEvents, { fromRevision: 4n, maxCount: 3 });

    expect(revisionsOf(events)).toEqual([4n, 5n, 6n]);
  });

  it('given ten events, when reading forwards from revision 4, then the read includes revision 4', async () => {
    expect(
      revisionsOf(await readStreamEvents(env.client, tenEvents, { fromRevision: 4n })),
    ).toEqual(range(4, 10));
  });

  it('given ten events, when reading forwards with maxCount 2, then only the first two come back', async () => {
    expect(revisionsOf(await readStreamEvents(env.client, tenEvents, { maxCount: 2 }))).toEqual([
      0n,
      1n,
    ]);
  });

  it('given ten events, when reading forwards past the end, then nothing comes back and no error is raised', async () => {
    expect(await readStreamEvents(env.client, tenEvents, { fromRevision: 100n })).toEqual([]);
  });

  it('given ten events, when reading backwards from end, then all come back newest first', async () => {
    const events = await readStreamEvents(env.client, tenEvents, {
      fromRevision: END,
      direction: BACKWARDS,
    });

    expect(revisionsOf(events)).toEqual(range(0, 10).reverse());
  });

  it('given ten events, when reading backwards from end with maxCount 2, then the last two come back', async () => {
    const events = await readStreamEvents(env.client, tenEvents, {
      fromRevision: END,
      direction: BACKWARDS,
      maxCount: 2,
    });

    expect(revisionsOf(events)).toEqual([9n, 8n]);
  });

  it('given ten events, when reading backwards from revision 5, then the read includes revision 5', async () => {
    const events = await readStreamEvents(env.client, tenEvents, {
      fromRevision: 5n,
      direction: BACKWARDS,
    });

    expect(revisionsOf(events)).toEqual(range(0, 6).reverse());
  });

  it('given ten events, when reading backwards from start, then only revision 0 comes back', async () => {
    const events = await readStreamEvents(env.client, tenEvents, {
      fromRevision: START,
      direction: BACKWARDS,
    });

    expect(revisionsOf(events)).toEqual([0n]);
  });

  it.each([FORWARDS, BACKWARDS] as const)(
    'given no stream, when reading %s, then StreamNotFoundError names the stream',
    async (direction) => {
      const missing = streamName('read-missing');

      const error = await expectRejection(
        readStreamEvents(env.client, missing, {
          direction,
          fromRevision: direction === FORWARDS ? START : END,
        }),
        StreamNotFoundError,
      );

      expect(error.streamName).toBe(missing);
    },
  );

  it('given JSON and binary events with metadata, when reading them, then content type, data, metadata, ids and created round-trip', async () => {
    const stream = streamName('read-content');
    const jsonId = randomUUID();
    const binaryId = randomUUID();
    const binaryData = Buffer.from([0, 1, 2, 250, 255, 0x7b]);
    const binaryMetadata = Buffer.from([0xff, 0x00, 0x01, 0x7d]);
    const before = Date.now();
    await env.client.appendToStream(stream, [
      jsonEvent({
        id: jsonId,
        type: 'json-thing',
        data: { text: 'héllo ✓', list: [1, 2, 3], nested: { ok: true } },
        metadata: { $correlationId: 'c-1', tenant: 'acme' },
      }),
      binaryEvent({
        id: binaryId,
        type: 'binary-thing',
        data: binaryData,
        metadata: binaryMetadata,
      }),
    ]);
    const after = Date.now();

    const [json, binary] = await readStreamEvents(env.client, stream);

    expect(json.event).toMatchObject({
      id: jsonId,
      type: 'json-thing',
      isJson: true,
      revision: 0n,
      streamId: stream,
      data: { text: 'héllo ✓', list: [1, 2, 3], nested: { ok: true } },
      metadata: { $correlationId: 'c-1', tenant: 'acme' },
    });
    expect(binary.event).toMatchObject({
      id: binaryId,
      type: 'binary-thing',
      isJson: false,
      revision: 1n,
      streamId: stream,
    });
    expect(Buffer.from(binary.event!.data as Uint8Array).equals(binaryData)).toBe(true);
    expect(Buffer.from(binary.event!.metadata as Uint8Array).equals(binaryMetadata)).toBe(true);
    for (const e of [json, binary]) {
      expect(e.event!.created).toBeInstanceOf(Date);
      expect(e.event!.created.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      expect(e.event!.created.getTime()).toBeLessThanOrEqual(after + 5_000);
    }
    expect(json.link).toBeUndefined();
  });

  it('given an event without metadata, when reading it, then its metadata is undefined', async () => {
    const stream = streamName('read-no-metadata');
    await env.client.appendToStream(stream, jsonEvent({ type: 'bare', data: { a: 1 } }));

    const [e] = await readStreamEvents(env.client, stream);

    expect(e.event!.metadata).toBeUndefined();
  });
});

describe('readAll', () => {
  const ids = (events: AllStreamResolvedEvent[]) => events.map((e) => e.event!.id);

  it("given events in $all, when reading forwards from start, then positions strictly increase and a stream's events appear in revision order", async () => {
    const all = await readAllEvents(env.client, { fromPosition: START, direction: FORWARDS });

    for (let i = 1; i < all.length; i++)
      expect(positionOf(all[i]).commit).toBeGreaterThan(positionOf(all[i - 1]).commit);
    const mine = all.filter((e) => e.event!.streamId === tenEvents);
    expect(mine.map((e) => e.event!.revision)).toEqual(range(0, 10));
    expect(ids(mine)).toEqual(tenIds);
    for (const e of all) expect(e.event!.position).toBeDefined();
  });

  it('given events in $all, when reading backwards from end, then the newest event comes first and positions strictly decrease', async () => {
    const stream = streamName('read-all-newest');
    const appended = numberedEvents(3);
    await env.client.appendToStream(stream, appended);

    const all = await readAllEvents(env.client, { fromPosition: END, direction: BACKWARDS });

    expect(ids(all.slice(0, 3))).toEqual(appended.map((e) => e.id).reverse());
    for (let i = 1; i < all.length; i++)
      expect(positionOf(all[i]).commit).toBeLessThan(positionOf(all[i - 1]).commit);
    const forwards = await readAllEvents(env.client, { fromPosition: START, direction: FORWARDS });
    expect(ids(all)).toEqual(ids(forwards).reverse());
  });

  it('given a position, when reading forwards from it, then the read starts with the event at that position', async () => {
    const stream = streamName('read-all-from');
    await env.client.appendToStream(stream, numberedEvents(4));
    const events = await readStreamEvents(env.client, stream);

    const read = await readAllEvents(env.client, {
      fromPosition: positionOf(events[1]),
      maxCount: 3,
    });

    expect(ids(read)).toEqual(events.slice(1, 4).map((e) => e.event!.id));
  });

  it('given a position, when reading backwards from it, then the event at that position is excluded', async () => {
    const stream = streamName('read-all-back-from');
    await env.client.appendToStream(stream, numberedEvents(4));
    const events = await readStreamEvents(env.client, stream);

    const read = await readAllEvents(env.client, {
      fromPosition: positionOf(events[2]),
      direction: BACKWARDS,
      maxCount: 2,
    });

    expect(ids(read)).toEqual([events[1].event!.id, events[0].event!.id]);
  });

  it('given events in $all, when reading forwards with maxCount 5, then five events come back', async () => {
    const read = await readAllEvents(env.client, { fromPosition: START, maxCount: 5 });

    expect(read).toHaveLength(5);
  });

  it('given events in $all, when reading forwards from end, then nothing comes back', async () => {
    expect(await readAllEvents(env.client, { fromPosition: END, direction: FORWARDS })).toEqual([]);
  });

  it('given events in $all, when reading backwards from start, then nothing comes back', async () => {
    expect(await readAllEvents(env.client, { fromPosition: START, direction: BACKWARDS })).toEqual(
      [],
    );
  });

  it('given an event read from $all and from its stream, when comparing them, then ids, data, positions and created agree', async () => {
    const [fromStream] = await readStreamEvents(env.client, tenEvents, { maxCount: 1 });
    const fromAll = (await readAllEvents(env.client)).find(
      (e) => e.event!.id === fromStream.event!.id,
    );

    expect(fromAll).toBeDefined();
    expect(fromAll!.event).toEqual(fromStream.event);
    expect(fromAll!.commitPosition).toBe(positionOf(fromStream).commit);
  });
});
