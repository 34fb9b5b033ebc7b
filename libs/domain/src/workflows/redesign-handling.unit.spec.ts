import {
  COMMITMENT_ID,
  DeciderSpecification,
  MDT_ID,
  REDESIGN_EVENT_ID,
  TRANSFER_AT,
  actors,
  command,
  mdtMerged,
} from '@hitos/testing';
import type { Actor } from '../kernel/actor';
import {
  REDESIGN_HANDLING_EVENT_SCHEMA_VERSIONS,
  redesignHandlingDecider,
  redesignHandlingStreamName,
  type CompleteRedesignHandling,
  type RedesignHandlingCompleted,
  type RedesignHandlingStarted,
  type StartRedesignHandling,
} from './redesign-handling';

const spec = DeciderSpecification.for(redesignHandlingDecider);

const OTHER_COMMITMENT_ID = 'datos-abiertos-empleo';
const THIRD_COMMITMENT_ID = 'portal-tramites-laborales';

const start = (
  data: Partial<StartRedesignHandling['data']> = {},
  actor: Actor = actors.system,
  now: string = TRANSFER_AT.marking,
) =>
  command<StartRedesignHandling>(
    'StartRedesignHandling',
    {
      redesignEventId: REDESIGN_EVENT_ID,
      redesign: mdtMerged.data,
      commitmentIds: [COMMITMENT_ID, OTHER_COMMITMENT_ID, THIRD_COMMITMENT_ID],
      ...data,
    },
    actor,
    now,
  );

const results = (): RedesignHandlingCompleted['data']['results'] => [
  { commitmentId: COMMITMENT_ID, outcome: 'marked' },
  { commitmentId: OTHER_COMMITMENT_ID, outcome: 'unchanged' },
  { commitmentId: THIRD_COMMITMENT_ID, outcome: 'refused', code: 'COMMITMENT_NOT_FOUND' },
];

const complete = (
  data: Partial<CompleteRedesignHandling['data']> = {},
  actor: Actor = actors.system,
  now = '2026-07-02T14:05:00.000Z',
) =>
  command<CompleteRedesignHandling>(
    'CompleteRedesignHandling',
    { redesignEventId: REDESIGN_EVENT_ID, results: results(), ...data },
    actor,
    now,
  );

const started: RedesignHandlingStarted = {
  type: 'RedesignHandlingStarted',
  data: {
    redesignEventId: REDESIGN_EVENT_ID,
    redesign: mdtMerged.data,
    commitmentIds: [COMMITMENT_ID, OTHER_COMMITMENT_ID, THIRD_COMMITMENT_ID],
    startedOn: '2026-07-02',
  },
};

const completed: RedesignHandlingCompleted = {
  type: 'RedesignHandlingCompleted',
  data: { results: results(), completedOn: '2026-07-02' },
};

describe('redesign handling', () => {
  it('names its stream by the redesign event and versions its events', () => {
    expect(redesignHandlingStreamName(REDESIGN_EVENT_ID)).toBe(
      `redesignhandling-${REDESIGN_EVENT_ID}`,
    );
    expect(REDESIGN_HANDLING_EVENT_SCHEMA_VERSIONS).toEqual({
      RedesignHandlingStarted: 1,
      RedesignHandlingCompleted: 1,
    });
  });

  describe('StartRedesignHandling', () => {
    it('records the commitments the institution held, dated by the request', () => {
      spec.given([]).when(start()).then([started]);
    });

    it('is Started, for the redesigned institution, with no results yet', () => {
      spec
        .given([])
        .when(start())
        .thenState({
          status: 'Started',
          redesignEventId: REDESIGN_EVENT_ID,
          institutionId: MDT_ID,
          commitmentIds: [COMMITMENT_ID, OTHER_COMMITMENT_ID, THIRD_COMMITMENT_ID],
          results: [],
        });
    });

    it('starts for an institution that held no commitment', () => {
      spec
        .given([])
        .when(start({ commitmentIds: [] }))
        .then([{ ...started, data: { ...started.data, commitmentIds: [] } }]);
    });

    it('stores its own fields only, whatever else the command carries', () => {
      spec
        .given([])
        .when({
          ...start(),
          data: {
            ...start().data,
            redesign: { ...mdtMerged.data, actor: 'u-presidencia' },
            token: 'secreto',
          } as StartRedesignHandling['data'],
        })
        .then([started]);
    });

    it('keeps the new name of a renaming', () => {
      const renamed = {
        ...mdtMerged.data,
        kind: 'renamed' as const,
        successorIds: [],
        newName: 'Ministerio del Trabajo y Empleo',
      };
      spec
        .given([])
        .when(start({ redesign: renamed }))
        .then([{ ...started, data: { ...started.data, redesign: renamed } }]);
    });

    it('decides nothing on a second start: a restart or a second instance adds nothing', () => {
      spec.given([started]).when(start()).then([]);
      spec
        .given([started])
        .when(start({ commitmentIds: [COMMITMENT_ID] }, actors.system, '2026-07-03T09:00:00.000Z'))
        .then([]);
    });

    it('decides nothing once completed', () => {
      spec.given([started, completed]).when(start()).then([]);
    });

    it.each([
      ['redesignEventId', { redesignEventId: '' }, 'REQUIRED_FIELD_MISSING'],
      [
        'redesign.institutionId',
        { redesign: { ...mdtMerged.data, institutionId: '' } },
        'REQUIRED_FIELD_MISSING',
      ],
      [
        'redesign.institutionId',
        { redesign: undefined as unknown as StartRedesignHandling['data']['redesign'] },
        'REQUIRED_FIELD_MISSING',
      ],
      [
        'redesign.successorIds',
        { redesign: { ...mdtMerged.data, successorIds: undefined as unknown as string[] } },
        'INVALID_FIELD',
      ],
      ['commitmentIds', { commitmentIds: 'todos' as unknown as string[] }, 'INVALID_FIELD'],
    ] as const)('refuses a start without a valid %s', (field, data, code) => {
      spec.given([]).when(start(data)).thenError(code, { kind: 'invalid', details: { field } });
    });
  });

  describe('CompleteRedesignHandling', () => {
    it('records what became of each commitment', () => {
      spec.given([started]).when(complete()).then([completed]);
    });

    it('is Completed with the results, keeping what it started with', () => {
      spec
        .given([started])
        .when(complete())
        .thenState({
          status: 'Completed',
          redesignEventId: REDESIGN_EVENT_ID,
          institutionId: MDT_ID,
          commitmentIds: [COMMITMENT_ID, OTHER_COMMITMENT_ID, THIRD_COMMITMENT_ID],
          results: results(),
        });
    });

    it('requires the handling to have started', () => {
      spec
        .given([])
        .when(complete())
        .thenError('REDESIGN_HANDLING_NOT_STARTED', {
          kind: 'rule',
          details: { redesignEventId: REDESIGN_EVENT_ID },
        });
    });

    it('decides nothing when completed twice', () => {
      spec.given([started, completed]).when(complete()).then([]);
      spec
        .given([started, completed])
        .when(complete({ results: [] }))
        .thenState((state) => expect(state).toMatchObject({ results: results() }));
    });

    it('stores each result with its own fields only', () => {
      spec
        .given([started])
        .when(
          complete({
            results: results().map((r) => ({ ...r, stack: 'Error: …' })),
          }),
        )
        .then([completed]);
    });

    it.each([
      ['results[1].commitmentId', 'REQUIRED_FIELD_MISSING', { outcome: 'marked' }],
      [
        'results[1].outcome',
        'INVALID_FIELD',
        { commitmentId: OTHER_COMMITMENT_ID, outcome: 'skipped' },
      ],
      ['results[1].outcome', 'REQUIRED_FIELD_MISSING', { commitmentId: OTHER_COMMITMENT_ID }],
    ])('refuses a result without a valid %s', (field, code, result) => {
      spec
        .given([started])
        .when(
          complete({
            results: [results()[0], result as CompleteRedesignHandling['data']['results'][number]],
          }),
        )
        .thenError(code, { kind: 'invalid', details: { field } });
    });

    it('refuses results that are not a list', () => {
      spec
        .given([started])
        .when(complete({ results: null as unknown as CompleteRedesignHandling['data']['results'] }))
        .thenError('INVALID_FIELD', { kind: 'invalid', details: { field: 'results' } });
    });
  });

  describe('who may run it', () => {
    const people: [string, Actor][] = [
      ['presidency', actors.presidency],
      ['institution', actors.mdt],
      ['counterpart', actors.fae],
      ['core-group', actors.coreGroupMember],
      ['auditor', actors.auditor],
      ['public', actors.citizen],
    ];

    it.each(people)('refuses role %s to start', (role, actor) => {
      spec
        .given([])
        .when(start({}, actor))
        .thenError('ROLE_NOT_ALLOWED', {
          kind: 'forbidden',
          details: { command: 'StartRedesignHandling', role, allowedRoles: ['system'] },
        });
    });

    it.each(people)('refuses role %s to complete', (role, actor) => {
      spec
        .given([started])
        .when(complete({}, actor))
        .thenError('ROLE_NOT_ALLOWED', {
          details: { command: 'CompleteRedesignHandling', role, allowedRoles: ['system'] },
        });
    });

    it('refuses a request without a valid timestamp', () => {
      spec
        .given([])
        .when(start({}, actors.system, '02/07/2026'))
        .thenError('INVALID_FIELD', { details: { field: 'metadata.now' } });
    });
  });

  it('ignores a completion folded onto a stream that never started', () => {
    expect(
      redesignHandlingDecider.evolve(redesignHandlingDecider.initialState(), completed),
    ).toEqual({ status: 'NotStarted' });
  });
});
