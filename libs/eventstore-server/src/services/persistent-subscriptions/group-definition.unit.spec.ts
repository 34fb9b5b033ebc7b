import {
  parseConfig,
  parsePositionText,
  positionText,
  serializeConfig,
  type GroupDefinition,
} from './group-definition';

const settings: GroupDefinition['settings'] = {
  resolveLinks: true,
  extraStatistics: false,
  messageTimeoutMs: 30_000,
  maxRetryCount: 10,
  checkpointAfterMs: 2_000,
  minCheckpointCount: 10,
  maxCheckpointCount: 1_000,
  maxSubscriberCount: 0,
  liveBufferSize: 500,
  readBatchSize: 20,
  historyBufferSize: 500,
  consumerStrategy: 'Pinned',
};

describe('positions as EventStoreDB prints them', () => {
  it('are revisions in a stream and C:/P: pairs in $all, both ways', () => {
    expect(positionText('orders', 41)).toBe('41');
    expect(positionText('$all', 1234)).toBe('C:1234/P:1234');
    expect(positionText('$all', -1)).toBe('C:-1/P:-1');
    expect(parsePositionText('orders', '-1')).toBe(-1);
    expect(parsePositionText('$all', 'C:1234/P:1234')).toBe(1234);
    expect(parsePositionText('$all', '1234')).toBeUndefined();
    expect(parsePositionText('orders', 'C:1/P:1')).toBeUndefined();
  });
});

describe('the stored config', () => {
  it('keeps every group as it was defined', () => {
    const groups: GroupDefinition[] = [
      { stream: 'orders', group: 'billing', startFrom: -1, settings },
      {
        stream: '$all',
        group: 'audit',
        startFrom: 0,
        filter: { on: 'type', prefixes: ['Order', 'Invoice'], regex: '' },
        settings: { ...settings, consumerStrategy: 'RoundRobin' },
      },
      {
        stream: '$all',
        group: 'by-regex',
        startFrom: 4096,
        filter: { on: 'stream', prefixes: [], regex: '^commitment-' },
        settings,
      },
    ];
    const data = serializeConfig(groups, new Date('2026-12-03T07:00:00Z'), 'admin');
    expect(parseConfig(data)).toEqual(groups);
    const stored = JSON.parse(data.toString()) as { Entries: Array<Record<string, unknown>> };
    expect(stored.Entries[1]).toMatchObject({
      Stream: '$all',
      StartPosition: 'C:0/P:0',
      Filter: { Context: 'eventtype', Type: 'prefix', Data: 'Order,Invoice', IsAllStream: true },
      PreferRoundRobin: true,
      NamedConsumerStrategy: 'RoundRobin',
    });
  });

  it('reads a version 1 config, whose entries name no strategy, as EventStoreDB upgrades it', () => {
    const v1 = {
      Version: '1',
      Updated: '2020-01-01T00:00:00Z',
      UpdatedBy: 'admin',
      Entries: [
        { Stream: 'a', Group: 'rr', StartFrom: 5, PreferRoundRobin: true, MaxRetryCount: 3 },
        { Stream: 'b', Group: 'single', StartFrom: -1, PreferRoundRobin: false },
      ],
    };
    const groups = parseConfig(Buffer.from(JSON.stringify(v1)));
    expect(
      groups.map((g) => [g.stream, g.group, g.startFrom, g.settings.consumerStrategy]),
    ).toEqual([
      ['a', 'rr', 5, 'RoundRobin'],
      ['b', 'single', -1, 'DispatchToSingle'],
    ]);
    expect(groups[0].settings.maxRetryCount).toBe(3);
  });

  it('refuses a config without a version', () => {
    expect(() => parseConfig(Buffer.from('{"Entries":[]}'))).toThrow(/no version/);
  });
});
