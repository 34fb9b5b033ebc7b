/**
 * Issue 14 §4, the canary test: seeded histories put a unique canary string in every
 * classifiable field at every classification (and in every acting person's user id); then every
 * public route, feed and export of `PUBLIC_SURFACE` is read as each role, and
 *
 *  - no canary reaches a reader the rule keeps it from (reserved and confidential content only
 *    for the commitment's responsible institution, its counterpart, the Presidency and auditors;
 *    a person's user id likewise, docs/reserve.md);
 *  - every canary a reader may see does reach it: in the commitment's detail (now and as of its
 *    last command), and for the parties, the Presidency and auditors in its audit package too;
 *  - withheld content stays in place as a marker (`withheld: true`, text null): the detail's
 *    `withheld…` counts, the review queues', open data's rows and counts agree with the markers
 *    and with what was classified, and no reader gets fewer trail rows, feed entries, stream
 *    messages or package events than the Presidency;
 *  - the scan is not blind (the Presidency finds content where each route carries it), and the
 *    route table covers every GET route of the OpenAPI document.
 *
 * `CANARY_SEED` and `CANARY_HISTORIES` replay or widen a run; the defaults are fixed;
 * `CANARY_TIMING` prints where the time went. */
import { http, startApi, stopApi, type ApiHarness } from '../api/support/api-harness';
import { today } from '../api/support/acta-requests';
import {
  CanaryRegistry,
  INSTITUTIONS,
  ORGANIZATIONS,
  PLAN_ID,
  READERS,
  classifiableCommands,
  driveHistory,
  mayRead,
  mayReadClassified,
  registerWorld,
  seededRandom,
  type Canary,
  type CommitmentFacts,
  type ReaderSpec,
} from './support/canary-histories';
import {
  PUBLIC_SURFACE,
  fetchRoute,
  mapLimit,
  publicGetRoutes,
  scanned,
  uncoveredRoutes,
  uncoveredServerRoutes,
  whereIn,
  type Fetched,
  type World,
} from './support/public-surface';

const SEED = Number(process.env.CANARY_SEED ?? 14_04_2026);
/**
 * At least six: the anchors live in the first and third histories, and the closure's four
 * classifications (three and none) need four closed commitments (two in every three close).
 */
const HISTORIES = Math.max(6, Number(process.env.CANARY_HISTORIES ?? 6));

/** The kind of URL, for grouping findings: the route plus the query's parameter names. */
const variantOf = (f: Pick<Fetched, 'route' | 'url'>) => {
  const query = f.url.split('?')[1];
  const names = query ? [...new URLSearchParams(query).keys()].filter((k) => k !== 'limit') : [];
  const format = query ? new URLSearchParams(query).get('format') : null;
  return `${f.route}${names.length ? `?${names.map((n) => (n === 'format' ? `format=${format}` : n)).join('&')}` : ''}`;
};

describe('canaries: no reserved content where a reader may not see it (issue 14 §4)', () => {
  let api: ApiHarness;
  let openapi: any;
  let canaries: CanaryRegistry;
  let world: World;
  const commitments = new Map<string, CommitmentFacts>();
  /** Every answer, per reader. */
  const answers = new Map<string, Fetched[]>();
  const tokenOf = new Map<string, string | undefined>();

  beforeAll(async () => {
    const t0 = performance.now();
    const lap = (what: string) =>
      process.env.CANARY_TIMING && console.log(`${what}: ${Math.round(performance.now() - t0)} ms`);
    api = await startApi();
    openapi = (await http(api, 'GET', '/docs/openapi.json')).body;
    const accepts = classifiableCommands(openapi);
    const random = seededRandom(SEED);
    canaries = new CanaryRegistry(random);
    const { presidency, auditor } = await registerWorld(api, canaries);
    for (let i = 0; i < HISTORIES; i++) {
      const facts = await driveHistory(api, canaries, random, i, accepts);
      commitments.set(facts.commitmentId, facts);
    }
    lap('histories');
    if (process.env.CANARY_TIMING) {
      const tally = new Map<string, number>();
      for (const c of canaries.all)
        tally.set(`${c.field}:${c.declared}`, (tally.get(`${c.field}:${c.declared}`) ?? 0) + 1);
      const closed = [...commitments.values()].filter((c) => c.closed).length;
      console.log(
        `${canaries.all.length} canaries in ${commitments.size} commitments (${closed} closed): ${[...tally].map(([k, n]) => `${k}=${n}`).join(' ')}`,
      );
    }
    const all = [...commitments.values()];
    const lastPosition = all[all.length - 1].positions.last;
    const middlePosition = all[Math.floor((all.length - 1) / 2)].positions.last;

    // Every read model has caught up before anyone reads; then one checkpoint covers it all.
    for (const path of [
      `/api/commitments/${all[all.length - 1].commitmentId}`,
      '/api/audit-trail',
      `/api/action-plans/${PLAN_ID}/dashboard`,
      `/api/action-plans/${PLAN_ID}/milestones/overdue`,
      `/api/institutions/${INSTITUTIONS[0]}/portfolio`,
      `/api/organizations/${ORGANIZATIONS[0]}/review-queue`,
      '/api/open-data/datapackage.json',
      '/api/transparency/checkpoints',
    ]) {
      const res = await http(api, 'GET', `${path}?waitFor=${lastPosition}`, { token: presidency });
      if (res.status !== 200) throw new Error(`${path} did not catch up: ${res.status}`);
    }
    const signed = await http(api, 'POST', '/api/transparency/checkpoints', { token: auditor });
    if (signed.status >= 300) throw new Error(`no checkpoint: ${JSON.stringify(signed.body)}`);
    const checkpoint = (await http(api, 'GET', '/api/transparency/checkpoints', { token: auditor }))
      .body;
    const treeSize = Number(checkpoint.items?.[0]?.treeSize ?? signed.body?.treeSize ?? 1);
    const datapackage = (await http(api, 'GET', '/api/open-data/datapackage.json')).body;
    const openDataFiles: string[] = datapackage.resources.flatMap((r: any) =>
      [r.path, r['hitos:json']].filter(Boolean).map((p: string) => p.split('/').pop()!),
    );
    const eventIds: string[] = [];
    const correlationIds: string[] = [];
    const recordedAt = new Map<string, { first: string; last: string }>();
    for (const c of all) {
      const trail = await http(
        api,
        'GET',
        `/api/commitments/${c.commitmentId}/audit-trail?limit=500`,
        { token: auditor },
      );
      const items = trail.body.items;
      eventIds.push(items[items.length - 1].eventId);
      // What the requests that reported, reviewed and answered caused (the trail by correlation).
      const replies = items.filter((i: any) =>
        ['MilestoneProgressReported', 'ProgressReportReviewed', 'ObjectionAnswered'].includes(
          i.type,
        ),
      );
      for (const type of new Set(replies.map((i: any) => i.type))) {
        const item = replies.filter((i: any) => i.type === type).pop();
        if (item?.correlationId) correlationIds.push(item.correlationId);
      }
      recordedAt.set(c.commitmentId, {
        first: items[0].recordedAt,
        last: items[items.length - 1].recordedAt,
      });
    }
    world = {
      planId: PLAN_ID,
      recordedAt,
      lastRecordedAt: recordedAt.get(all[all.length - 1].commitmentId)!.last,
      commitments: all,
      institutionIds: INSTITUTIONS,
      organizationIds: ORGANIZATIONS,
      lastPosition,
      middlePosition,
      openDataFiles,
      eventIds,
      correlationIds,
      treeSize,
      today: today(),
      evidenceFiles: all.flatMap((c) => c.files.map((f) => f.sha256)),
    };

    const pagedRoutes = new Map<string, number>();
    for (const [path, ops] of Object.entries(openapi.paths as Record<string, any>)) {
      const limit = ops.get?.parameters?.find((p: any) => p.name === 'limit' && p.in === 'query');
      if (limit) pagedRoutes.set(path, Number(limit.schema?.maximum ?? 50));
    }
    const jobs: { reader: ReaderSpec; route: string; url: string }[] = [];
    for (const reader of READERS) {
      tokenOf.set(
        reader.name,
        reader.role === 'anonymous'
          ? undefined
          : api.token(reader.role, reader.org, `lector-${reader.name.replace(/\W+/g, '-')}`),
      );
      answers.set(reader.name, []);
      for (const [route, spec] of Object.entries(PUBLIC_SURFACE))
        for (const url of spec.urls(world)) jobs.push({ reader, route, url });
    }
    const fetched = await mapLimit(jobs, 8, (job) =>
      fetchRoute(
        api,
        job.route,
        PUBLIC_SURFACE[job.route].kind,
        job.url,
        tokenOf.get(job.reader.name),
        pagedRoutes,
      ),
    );
    fetched.forEach((f, i) => answers.get(jobs[i].reader.name)!.push(f));
    lap(`${jobs.length} reads (${jobs.length / READERS.length} URLs × ${READERS.length} readers)`);
    if (process.env.CANARY_TIMING) {
      const byVariant = new Map<string, number>();
      for (const f of fetched)
        byVariant.set(variantOf(f), (byVariant.get(variantOf(f)) ?? 0) + f.ms);
      const top = [...byVariant].sort((a, b) => b[1] - a[1]).slice(0, 12);
      console.log(top.map(([v, ms]) => `${Math.round(ms)} ms  ${v}`).join('\n'));
    }
  }, 600_000);

  afterAll(() => stopApi(api));

  it('made histories with every classifiable field at every classification, replies inheriting too', () => {
    const seen = new Set(canaries.all.map((c) => `${c.field}:${c.declared}`));
    const accepts = classifiableCommands(openapi);
    const classified: [string, boolean][] = [
      ['evidenceTitle', true],
      ['evidenceUrl', true],
      ['reportTitle', true],
      ['reportSummary', true],
      ['closureEvidenceTitle', true],
      ['narrative', accepts.progressReport],
      ['reviewReasons', accepts.review],
      ['answer', accepts.answer],
      ['closureNarrative', accepts.closure],
    ];
    for (const [field, accepted] of classified)
      if (accepted)
        for (const c of ['public', 'reserved', 'confidential'])
          expect(seen).toContain(`${field}:${c}`);
    // Sent without a classification: replies inherit the report's, a narrative takes its
    // evidence's strictest, a closure is public; some of those inherited are not public.
    for (const field of ['narrative', 'reviewReasons', 'answer', 'closureNarrative'])
      expect(seen).toContain(`${field}:omitted`);
    const inherited = canaries.all.filter(
      (c) => c.declared === 'omitted' && c.field !== 'sub' && c.classification !== 'public',
    );
    if (accepts.review) expect(inherited.map((c) => c.field)).toContain('reviewReasons');
    if (accepts.answer) expect(inherited.map((c) => c.field)).toContain('answer');
    expect(canaries.all.filter((c) => c.field === 'sub').length).toBe(8 + 2 * HISTORIES);
    expect([...commitments.values()].some((c) => c.closed)).toBe(true);
  });

  it('covers every GET route of the OpenAPI document and of the server in its route table', () => {
    expect(uncoveredRoutes(openapi)).toEqual([]);
    const server = uncoveredServerRoutes(api.app.getHttpAdapter().getInstance());
    expect(server).toEqual([]);
    for (const path of publicGetRoutes(openapi))
      expect(Object.keys(PUBLIC_SURFACE)).toContain(path);
  });

  it('every route answers every reader (pages not built yet may be 404)', () => {
    const unexpected: string[] = [];
    for (const [reader, list] of answers)
      for (const f of list) {
        const spec = PUBLIC_SURFACE[f.route];
        const missingOk =
          ((spec.mayBeMissing || spec.hiddenAs404) && f.status === 404) ||
          spec.alsoAnswers?.includes(f.status);
        const mayRead = !spec.privileged || reader === 'presidency' || reader === 'auditor';
        if (!mayRead) {
          if (f.status !== 401 && f.status !== 403)
            unexpected.push(`${f.status} ${f.url} as ${reader}: not refused`);
          continue;
        }
        if (f.status !== 200 && !missingOk)
          unexpected.push(`${f.status} ${f.url} as ${reader}: ${f.text.slice(0, 160)}`);
      }
    expect(unexpected).toEqual([]);
  });

  it('serves each kept evidence file to exactly who may read it, and 404 to everyone else', () => {
    const fileOf = new Map(
      [...commitments.values()].flatMap((c) =>
        c.files.map((f) => [f.sha256, { ...f, c }] as const),
      ),
    );
    const wrong: string[] = [];
    for (const reader of READERS)
      for (const f of answers.get(reader.name)!) {
        if (f.route !== '/api/evidence/{sha256}') continue;
        const file = fileOf.get(f.url.split('/').pop()!)!;
        const may = file.classification === 'public' || mayReadClassified(reader, file.c);
        if (f.status !== (may ? 200 : 404))
          wrong.push(`${f.status} ${file.classification} ${f.url} as ${reader.name}`);
      }
    expect(wrong).toEqual([]);
    expect([...fileOf.values()].map((f) => f.classification)).toContain('reserved');
  });

  it('reads what it scans: the Presidency finds content where each route carries it', () => {
    const blind: string[] = [];
    for (const [route, spec] of Object.entries(PUBLIC_SURFACE)) {
      const carries = spec.carries;
      if (!carries) continue;
      const read = answers.get('presidency')!.filter((f) => f.route === route);
      if (carries instanceof RegExp) {
        for (const f of read)
          if (!carries.test(f.text)) blind.push(`${f.url}: no ${carries.source}`);
        continue;
      }
      const found = read.flatMap((f) => canaries.find(scanned(f)).found);
      const wanted = found.filter(
        (c) => c.field !== 'sub' && (carries === 'public' || c.classification !== 'public'),
      );
      if (wanted.length === 0)
        blind.push(`${route}: no ${carries} canary in ${read.length} answers`);
    }
    expect(blind).toEqual([]);
  });

  /** Findings as compact lines: route variant, field/classification, the readers, a sample URL. */
  function leaks(select: (canary: Canary) => boolean): string[] {
    const groups = new Map<
      string,
      { readers: Set<string>; urls: Set<string>; canaries: Set<string>; places: Set<string> }
    >();
    for (const reader of READERS)
      for (const f of answers.get(reader.name)!) {
        const { found } = canaries.find(scanned(f));
        for (const canary of found) {
          if (!select(canary) || mayRead(reader, canary, commitments)) continue;
          const key = `${variantOf(f)} ⇒ ${canary.field} (${canary.classification}${canary.declared === 'omitted' && canary.field !== 'sub' ? ', inherited/default' : ''})`;
          let group = groups.get(key);
          if (!group) {
            group = { readers: new Set(), urls: new Set(), canaries: new Set(), places: new Set() };
            groups.set(key, group);
          }
          // Where in the answer: worked out for the first few of a group (parsing is not free).
          if (group.canaries.size < 3 && !group.canaries.has(canary.text))
            for (const place of whereIn(f, canary.text)) group.places.add(place);
          group.readers.add(reader.name);
          group.urls.add(f.url);
          group.canaries.add(canary.text);
        }
      }
    const nonPrivileged = READERS.filter((r) => r.role !== 'presidency' && r.role !== 'auditor');
    return [...groups]
      .map(([key, g]) => {
        const readers =
          g.readers.size === nonPrivileged.length
            ? 'every reader but the Presidency and auditors'
            : [...g.readers].join(', ');
        return `${key} at ${[...g.places].join(', ')} — seen by ${readers}; ${g.canaries.size} canaries, e.g. ${[...g.urls][0]}`;
      })
      .sort();
  }

  it('no reserved or confidential canary reaches a reader who may not see it', () => {
    expect(leaks((c) => c.field !== 'sub')).toEqual([]);
  });

  it('no person’s user id (sub) reaches a reader without the privilege', () => {
    expect(leaks((c) => c.field === 'sub')).toEqual([]);
  });

  it('finds no stray or truncated canaries', () => {
    const unknown = new Set<string>();
    for (const list of answers.values())
      for (const f of list) for (const u of canaries.find(scanned(f)).unknown) unknown.add(u);
    expect([...unknown]).toEqual([]);
  });

  const answerOf = (reader: ReaderSpec, url: string) =>
    answers.get(reader.name)!.find((f) => f.url === url);

  /** The commitment's detail now, and as of its last command (a past view, same rule). */
  const detailUrls = (c: CommitmentFacts) => [
    `/api/commitments/${c.commitmentId}`,
    `/api/commitments/${c.commitmentId}?asOfPosition=${c.positions.last}`,
  ];

  it('every reader finds in the commitment’s detail (now and past) every canary it may see', () => {
    const missing: string[] = [];
    for (const reader of READERS)
      for (const c of commitments.values())
        for (const url of detailUrls(c)) {
          const text = answerOf(reader, url)?.text ?? '';
          for (const canary of canaries.all) {
            // A kept file's bytes are served by /api/evidence/{sha256} only (checked there).
            if (canary.commitmentId !== c.commitmentId || canary.field === 'sub') continue;
            if (canary.field === 'evidenceFile') continue;
            if (mayRead(reader, canary, commitments) && !text.includes(canary.text))
              missing.push(
                `${reader.name}: ${url} lacks ${canary.field} (${canary.classification})`,
              );
          }
        }
    expect(missing).toEqual([]);
  });

  it('the parties, the Presidency and auditors find every canary in the commitment’s audit package', () => {
    const missing: string[] = [];
    for (const reader of READERS)
      for (const c of commitments.values()) {
        if (!mayReadClassified(reader, c)) continue;
        const pkg =
          answerOf(reader, `/api/commitments/${c.commitmentId}/audit-package`)?.text ?? '';
        for (const canary of canaries.all) {
          if (canary.commitmentId !== c.commitmentId || canary.field === 'sub') continue;
          // A package carries the public kept files only: never a reserved file's bytes.
          if (canary.field === 'evidenceFile' && canary.classification !== 'public') continue;
          if (!pkg.includes(canary.text))
            missing.push(
              `${reader.name}: audit package of ${c.commitmentId} lacks ${canary.field}`,
            );
        }
      }
    expect(missing).toEqual([]);
  });

  it('withheld content stays in place as markers, and the detail’s counts agree', () => {
    /** Findings grouped by kind: which readers, which commitments, one example. */
    const findings = new Map<string, { readers: Set<string>; ids: Set<string>; example: string }>();
    const nonPublic = (list: readonly string[] | null | undefined) =>
      (list ?? []).filter((x) => x !== 'public').length;
    for (const reader of READERS)
      for (const c of commitments.values())
        for (const url of detailUrls(c)) {
          const say = (kind: string, example: string) => {
            const f = findings.get(kind) ?? { readers: new Set(), ids: new Set(), example };
            f.readers.add(reader.name);
            f.ids.add(c.commitmentId);
            findings.set(kind, f);
          };
          const detail = answerOf(reader, url)?.json;
          if (!detail) {
            say('no detail', `${reader.name} ${url}`);
            continue;
          }
          const sees = mayReadClassified(reader, c);
          const at = `${reader.name} ${url}`;
          // No gaps: every report and every evidence item is there, shown or as a marker.
          let evidenceMarkers = 0;
          const isMarker = (item: any) => {
            if (item?.withheld !== true) return false;
            if (item.title != null || item.url != null)
              say(
                'a withheld evidence marker still carries its title or url',
                `${at}: ${JSON.stringify(item)}`,
              );
            return true;
          };
          /** A withheld text: marked `withheld: true` with its text null in place. */
          let textMarkers = 0;
          const textMarker = (holder: any, key: string, where: string) => {
            if (holder?.withheld !== true) return 0;
            if (holder[key] !== null)
              say('a withheld text marker still carries its text', `${at} ${where}.${key}`);
            return 1;
          };
          for (const m of c.milestones) {
            const milestone = detail.milestones?.find((x: any) => x.milestoneId === m.milestoneId);
            for (const r of m.reports) {
              const report = milestone?.reports?.find((x: any) => x.reportId === r.reportId);
              if (!report) {
                say('gap: a progress report is missing', `${at} ${r.reportId}`);
                continue;
              }
              const evidence: any[] = report.evidence ?? [];
              if (evidence.length !== r.evidence.length)
                say(
                  'gap: a progress report shows fewer evidence items than it has',
                  `${at} ${r.reportId}: ${evidence.length} of ${r.evidence.length}`,
                );
              evidenceMarkers += evidence.filter(isMarker).length;
              textMarkers += textMarker(report, 'narrative', r.reportId);
              // Review in rounds: every objection and answer in its round, and the endorsement
              // (`review` and `answer` repeat the latest of them).
              if ((report.rounds ?? []).length !== r.rounds)
                say(
                  'gap: a report shows fewer review rounds than it had',
                  `${at} ${r.reportId}: ${(report.rounds ?? []).length} of ${r.rounds}`,
                );
              for (const round of report.rounds ?? []) {
                const where = `${r.reportId} round ${round.round}`;
                textMarkers += textMarker(round.objection, 'reasons', `${where} objection`);
                textMarkers += textMarker(round.answer, 'answer', `${where} answer`);
              }
              textMarkers += textMarker(report.endorsement, 'reasons', `${r.reportId} endorsement`);
            }
          }
          textMarkers += textMarker(detail.closure, 'resultsNarrative', 'closure');
          if (c.closureEvidence) {
            const evidence: any[] = detail.closure?.evidence ?? [];
            if (evidence.length !== c.closureEvidence.length)
              say(
                'gap: the closure shows fewer evidence items than it has',
                `${at}: ${evidence.length} of ${c.closureEvidence.length}`,
              );
            evidenceMarkers += evidence.filter(isMarker).length;
          }
          const reports: any[] = detail.submittedReports ?? [];
          if (reports.length !== c.submittedReports.length)
            say(
              'gap: fewer submitted reports shown than submitted',
              `${at}: ${reports.length} of ${c.submittedReports.length}`,
            );
          const reportMarkers = reports.filter((r) => r?.withheld === true);
          for (const r of reportMarkers)
            if (r.title != null || r.summary != null || r.link != null)
              say(
                'a withheld submitted-report marker still carries text',
                `${at}: ${JSON.stringify(r)}`,
              );

          const expectedEvidence = sees
            ? 0
            : c.milestones
                .flatMap((m) => m.reports.flatMap((r) => r.evidence))
                .filter((x) => x !== 'public').length + nonPublic(c.closureEvidence);
          const expectedReports = sees ? 0 : nonPublic(c.submittedReports);
          const expectedTexts = sees
            ? 0
            : nonPublic(c.texts) + nonPublic(c.closureText ? [c.closureText] : []);
          const compare = (kind: string, actual: unknown, expected: number) => {
            if (actual !== expected) say(kind, `${at}: ${String(actual)}, expected ${expected}`);
          };
          compare(
            'withheldEvidence disagrees with what was classified',
            detail.withheldEvidence,
            expectedEvidence,
          );
          compare(
            'evidence markers (withheld: true) disagree with what was classified',
            evidenceMarkers,
            expectedEvidence,
          );
          compare(
            'withheldReports disagrees with what was classified',
            detail.withheldReports,
            expectedReports,
          );
          compare(
            'submitted-report markers (withheld: true) disagree with what was classified',
            reportMarkers.length,
            expectedReports,
          );
          compare(
            'withheldTexts disagrees with what was classified',
            detail.withheldTexts ?? 0,
            expectedTexts,
          );
          compare(
            'text markers (withheld: true, text null) disagree with what was classified',
            textMarkers,
            expectedTexts,
          );
        }
    // Not blind to rounds: some report went to a second round of review.
    const secondRounds = [...commitments.values()].flatMap((c) =>
      c.milestones.flatMap((m) => m.reports.filter((r) => r.rounds > 1)),
    ).length;
    expect(secondRounds).toBeGreaterThan(0);
    const summary = [...findings]
      .map(
        ([kind, f]) =>
          `${kind} — ${f.readers.size} readers (${[...f.readers].join(', ')}), ${f.ids.size} commitments; e.g. ${f.example}`,
      )
      .sort();
    expect(summary).toEqual([]);
  });

  it('open data keeps every row, withheld ones in place, and its counts agree', () => {
    const rowsOf = (name: string): any[] => {
      const f = answers.get('anonymous')!.find((a) => a.url === `/api/open-data/${name}.json`);
      const rows = Array.isArray(f?.json) ? f.json : [];
      return rows.filter((row: any) => commitments.has(row.commitment_id));
    };
    const all = [...commitments.values()];
    const reports = all.flatMap((c) => c.milestones.flatMap((m) => m.reports));
    const classified = (x: string | null) => x !== null && x !== 'public';
    const count = (rows: any[], key: string) => rows.filter((row) => row[key] === true).length;
    const evidence = [
      ...reports.flatMap((r) => r.evidence),
      ...all.flatMap((c) => c.closureEvidence ?? []),
    ];
    const progress = rowsOf('progress-reports');
    const evidenceRows = rowsOf('evidence');
    const reportRows = rowsOf('reports');
    const found = {
      progressRows: progress.length,
      withheldNarratives: count(progress, 'withheld'),
      withheldReasons: count(progress, 'review_withheld'),
      withheldAnswers: count(progress, 'answer_withheld'),
      evidenceRows: evidenceRows.length,
      withheldEvidence: count(evidenceRows, 'withheld'),
      submittedRows: reportRows.length,
      withheldSubmitted: count(reportRows, 'withheld'),
      withheldItems: rowsOf('commitments').reduce(
        (n, row) => n + Number(row.withheld_items ?? 0),
        0,
      ),
    };
    const expected = {
      progressRows: reports.length,
      withheldNarratives: reports.filter((r) => classified(r.text)).length,
      withheldReasons: reports.filter((r) => classified(r.reasons)).length,
      withheldAnswers: reports.filter((r) => classified(r.answer)).length,
      evidenceRows: evidence.length,
      withheldEvidence: evidence.filter(classified).length,
      submittedRows: all.reduce((n, c) => n + c.submittedReports.length, 0),
      withheldSubmitted: all.flatMap((c) => c.submittedReports).filter(classified).length,
      // withheld_items: the detail's three counts for the public reader, summed.
      withheldItems:
        evidence.filter(classified).length +
        all.flatMap((c) => c.submittedReports).filter(classified).length +
        all.reduce((n, c) => n + c.texts.filter(classified).length, 0) +
        all.filter((c) => classified(c.closureText)).length,
    };
    expect(found).toEqual(expected);
  });

  it('no gaps: every reader gets as many rows as the Presidency in trails, feeds, streams and packages', () => {
    /** Rows of an answer, by its kind; null for answers that are not lists of changes. */
    const rowsIn = (f: Fetched): number | null => {
      if (/audit-trail/.test(f.route)) {
        if (/format=csv/.test(f.url)) return f.text.trim().split('\n').length - 1;
        if (/format=ndjson/.test(f.url)) return f.text.trim().split('\n').length;
        return typeof f.json?.total === 'number' ? f.json.total : null;
      }
      if (f.entries) return (f.entries.get('events.ndjson') ?? '').trim().split('\n').length;
      if (/feed\.atom$/.test(f.url)) return (f.text.match(/<entry>/g) ?? []).length;
      if (/^\/api\/live\//.test(f.url)) return (f.text.match(/^event: change$/gm) ?? []).length;
      return null;
    };
    const reference = new Map(answers.get('presidency')!.map((f) => [f.url, rowsIn(f)]));
    const gaps: string[] = [];
    for (const [reader, list] of answers)
      for (const f of list) {
        const rows = rowsIn(f);
        if (rows !== reference.get(f.url))
          gaps.push(`${f.url} as ${reader}: ${rows} rows, the Presidency ${reference.get(f.url)}`);
      }
    expect(gaps).toEqual([]);
  });

  it('the counterparts’ review queues keep withheld parts in place, with counts that agree', () => {
    const wrong: string[] = [];
    let items = 0;
    for (const reader of READERS)
      for (const f of answers.get(reader.name)!) {
        if (f.route !== '/api/organizations/{id}/review-queue') continue;
        for (const item of (f.json?.items ?? []) as any[]) {
          const c = commitments.get(item.commitmentId);
          const report = c?.milestones
            .find((m) => m.milestoneId === item.milestoneId)
            ?.reports.find((r) => r.reportId === item.reportId);
          if (!c || !report) continue;
          items++;
          const at = `${f.url} as ${reader.name}, ${item.commitmentId}/${item.reportId}`;
          const sees = mayReadClassified(reader, c);
          const evidence: any[] = item.evidence ?? [];
          const stubs = evidence.filter((e) => e?.withheld === true);
          const expectedEvidence = sees ? 0 : report.evidence.filter((x) => x !== 'public').length;
          const expectedText = !sees && report.text !== 'public' ? 1 : 0;
          if (evidence.length !== report.evidence.length)
            wrong.push(`${at}: ${evidence.length} of ${report.evidence.length} evidence items`);
          if (stubs.length !== expectedEvidence || item.withheldEvidence !== expectedEvidence)
            wrong.push(
              `${at}: ${stubs.length} evidence stubs, withheldEvidence ${item.withheldEvidence}, expected ${expectedEvidence}`,
            );
          if (stubs.some((e) => e.title !== null || e.url !== null))
            wrong.push(`${at}: an evidence stub carries text`);
          if (
            item.withheldTexts !== expectedText ||
            (item.withheld === true) !== (expectedText === 1)
          )
            wrong.push(
              `${at}: withheld ${item.withheld}, withheldTexts ${item.withheldTexts}, expected ${expectedText}`,
            );
          if (item.withheld === true && item.narrative !== null)
            wrong.push(`${at}: a withheld narrative is not null`);
        }
      }
    expect(items).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });
});
