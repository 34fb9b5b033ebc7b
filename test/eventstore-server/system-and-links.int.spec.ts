/**
 * System streams and link events. A fresh EventStoreDB already has system events in $all
 * (epoch records and friends); `$`-prefixed streams are system streams and `$$x` is the
 * metastream of x. A `$>` event whose data is "<revision>@<stream>" is a link: reads with
 * resolveLinkTos return the target as `event` and the link as `link`.
 */
import { randomUUID } from 'node:crypto';
import {
  START,
  StreamNotFoundError,
  binaryEvent,
  excludeSystemEvents,
  jsonEvent,
  type AllStreamResolvedEvent,
} from '@hitos/event-store/esdb-client';
import {
  SubscriptionRecorder,
  expectRejection,
  numberedEvents,
  readAllEvents,
  readStreamEvents,
  streamName,
  useServer,
} from './harness';

describe('system streams on a fresh server', () => {
  const env = useServer();

  it('given a fresh server, when reading $all from start, then at least one event belongs to a $-prefixed stream', async () => {
    const all = await readAllEvents(env.client, { fromPosition: START });

    expect(all.some((e) => e.event!.streamId.startsWith('$'))).toBe(true);
  });

  it('given system and user events, when subscribing to $all with excludeSystemEvents, then only the user events arrive', async () => {
    const user = numberedEvents(2, 'user-event');
    const stream = streamName('sys-user');
    await env.client.appendToStream(stream, user);
    await env.client.setStreamMetadata(stream, { maxCount: 4 });

    const recorder = new SubscriptionRecorder<AllStreamResolvedEvent>(
      env.client.subscribeToAll({ fromPosition: START, filter: excludeSystemEvents() }),
    );
    try {
      await recorder.waitForSignal('caughtUp');
      await recorder.waitForEvents(2);
      const all = await readAllEvents(env.client);

      expect(all.some((e) => e.event!.type.startsWith('$'))).toBe(true);
      expect(recorder.events.filter((e) => e.event!.type.startsWith('$'))).toEqual([]);
      expect(recorder.events.map((e) => e.event!.id)).toEqual(
        all.filter((e) => !e.event!.type.startsWith('$')).map((e) => e.event!.id),
      );
      expect(recorder.events.map((e) => e.event!.id)).toEqual(
        expect.arrayContaining(user.map((e) => e.id)),
      );
    } finally {
      await recorder.stop();
    }
  });

  it('given a $-prefixed stream written by a user, when reading it back, then it behaves like any stream', async () => {
    const stream = `$custom-${randomUUID()}`;
    const events = numberedEvents(2);

    await env.client.appendToStream(stream, events);

    expect((await readStreamEvents(env.client, stream)).map((e) => e.event!.id)).toEqual(
      events.map((e) => e.id),
    );
  });

  it('given metadata set on a stream, when reading $all, then a $metadata event of stream $$name is there', async () => {
    const stream = streamName('sys-meta');

    await env.client.setStreamMetadata(stream, { maxCount: 7 });

    const all = await readAllEvents(env.client);
    const meta = all.find((e) => e.event!.streamId === `$$${stream}`);
    expect(meta?.event).toMatchObject({ type: '$metadata', isJson: true, data: { $maxCount: 7 } });
  });
});

describe('link events', () => {
  const env = useServer();

  async function linkFixture() {
    const target = streamName('link-target');
    const links = streamName('link-source');
    const targets = [
      jsonEvent({ id: randomUUID(), type: 'target-a', data: { which: 'a' } }),
      jsonEvent({ id: randomUUID(), type: 'target-b', data: { which: 'b' } }),
    ];
    await env.client.appendToStream(target, targets);
    const link = binaryEvent({ id: randomUUID(), type: '$>', data: Buffer.from(`1@${target}`) });
    await env.client.appendToStream(links, link);
    return { target, links, targets, link };
  }

  it('given a link to revision 1 of a stream, when reading with resolveLinkTos, then event is the target and link is the link', async () => {
    const { target, links, targets, link } = await linkFixture();

    const [resolved] = await readStreamEvents(env.client, links, { resolveLinkTos: true });

    expect(resolved.event).toMatchObject({
      id: targets[1].id,
      streamId: target,
      revision: 1n,
      type: 'target-b',
      isJson: true,
      data: { which: 'b' },
    });
    expect(resolved.link).toMatchObject({ id: link.id, streamId: links, revision: 0n, type: '$>' });
    expect(Buffer.from(resolved.link!.data as Uint8Array).toString('utf8')).toBe(`1@${target}`);
  });

  it('given a link, when reading without resolveLinkTos, then event is the link itself and link is absent', async () => {
    const { target, links, link } = await linkFixture();

    const [unresolved] = await readStreamEvents(env.client, links, { resolveLinkTos: false });

    expect(unresolved.link).toBeUndefined();
    expect(unresolved.event).toMatchObject({
      id: link.id,
      streamId: links,
      revision: 0n,
      type: '$>',
      isJson: false,
    });
    expect(Buffer.from(unresolved.event!.data as Uint8Array).toString('utf8')).toBe(`1@${target}`);
  });

  it('given a resolved link, when comparing positions, then the event carries the target position and the link its own', async () => {
    const { target, links } = await linkFixture();
    const [targetEvent] = await readStreamEvents(env.client, target, {
      fromRevision: 1n,
      maxCount: 1,
    });
    const [unresolved] = await readStreamEvents(env.client, links);

    const [resolved] = await readStreamEvents(env.client, links, { resolveLinkTos: true });

    expect(resolved.event!.position).toEqual(targetEvent.event!.position);
    expect(resolved.link!.position).toEqual(unresolved.event!.position);
    expect(resolved.commitPosition).toBe(unresolved.event!.position!.commit);
  });

  it('given a link, when subscribing to its stream with resolveLinkTos, then the subscription resolves it too', async () => {
    const { links, targets } = await linkFixture();

    const recorder = new SubscriptionRecorder(
      env.client.subscribeToStream(links, { fromRevision: START, resolveLinkTos: true }),
    );
    try {
      await recorder.waitForEvents(1);
      expect(recorder.events[0].event!.id).toBe(targets[1].id);
      expect(recorder.events[0].link?.type).toBe('$>');
    } finally {
      await recorder.stop();
    }
  });

  it('given a link to a stream that does not exist, when reading it with resolveLinkTos, then the link comes back without an event', async () => {
    // ResolvedEvent.ForFailedResolvedLink: Event = null, Link = the link record.
    const links = streamName('link-dangling');
    const missing = streamName('link-missing');
    const link = binaryEvent({ id: randomUUID(), type: '$>', data: Buffer.from(`0@${missing}`) });
    await env.client.appendToStream(links, link);

    const [read] = await readStreamEvents(env.client, links, { resolveLinkTos: true });

    expect(read.event).toBeUndefined();
    expect(read.link).toMatchObject({ id: link.id, streamId: links, type: '$>' });
    await expectRejection(readStreamEvents(env.client, missing), StreamNotFoundError);
  });
});
