/**
 * Seeded histories for the canary test (issue 14 §4): commitments driven over HTTP from draft to
 * closure, with a unique canary string in every classifiable field at every classification, and
 * in the user id (`sub`) of every person who acts. Nothing here reads the machine's clock or an
 * unseeded random source: a seed gives the same histories, canaries and requests every time.
 */
import { http, type ApiHarness, type HttpResult } from '../../api/support/api-harness';
import {
  FAE_ID,
  MDT_ID,
  OTHER_INSTITUTION_ID,
  OTHER_ORGANIZATION_ID,
  PLAN_ID,
  administratorBody,
  draftBody,
  faeBody,
  grupoFaroBody,
  mdtBody,
  planBody,
  sercopBody,
  signatureBody,
  today,
} from '../../api/support/acta-requests';

export const CLASSIFICATIONS = ['public', 'reserved', 'confidential'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Registered but party to nothing: the "unrelated" institution and organization. */
export const UNRELATED_INSTITUTION_ID = 'institucion-ajena';
export const UNRELATED_ORGANIZATION_ID = 'organizacion-ajena';
export const INSTITUTIONS = [MDT_ID, OTHER_INSTITUTION_ID, UNRELATED_INSTITUTION_ID] as const;
export const ORGANIZATIONS = [FAE_ID, OTHER_ORGANIZATION_ID, UNRELATED_ORGANIZATION_ID] as const;
export { PLAN_ID };

/** Where a canary was put. */
export type CanaryField =
  | 'narrative'
  | 'evidenceTitle'
  | 'evidenceUrl'
  | 'reviewReasons'
  | 'answer'
  | 'reportTitle'
  | 'reportSummary'
  | 'reportLink'
  | 'closureNarrative'
  | 'closureEvidenceTitle'
  | 'closureEvidenceUrl'
  | 'evidenceFile'
  | 'sub';

export interface Canary {
  /** The canary itself: `CANARY-<field>-<classification>-<serial>`; no canary is a prefix of another. */
  text: string;
  field: CanaryField;
  /**
   * The classification the content has under the rule: what was sent, or without one the
   * default (a reply inherits its report's; a narrative takes its evidence's strictest, public
   * with none; a closure is public). `person` for a user id.
   */
  classification: Classification | 'person';
  /** What the request said: a classification, or `omitted` (the rule's default applies). */
  declared: Classification | 'omitted';
  /** The commitment it belongs to (null for a user id that acted only on the plan or registry). */
  commitmentId: string | null;
  /** A user id that acted on one institution's or organization's registration: that party's. */
  about?: { institutionId?: string; organizationId?: string };
}

/** A reader of the public surface: a role, and the institution/organization it speaks for. */
export interface ReaderSpec {
  name: string;
  role:
    | 'anonymous'
    | 'public'
    | 'core-group'
    | 'institution'
    | 'counterpart'
    | 'presidency'
    | 'auditor';
  org?: string;
}

/** Every role the issue names, and each institution/organization both as a party and not. */
export const READERS: readonly ReaderSpec[] = [
  { name: 'anonymous', role: 'anonymous' },
  { name: 'citizen (role public)', role: 'public' },
  { name: 'core-group', role: 'core-group' },
  {
    name: `institution ${UNRELATED_INSTITUTION_ID}`,
    role: 'institution',
    org: UNRELATED_INSTITUTION_ID,
  },
  { name: `institution ${MDT_ID}`, role: 'institution', org: MDT_ID },
  { name: `institution ${OTHER_INSTITUTION_ID}`, role: 'institution', org: OTHER_INSTITUTION_ID },
  {
    name: `counterpart ${UNRELATED_ORGANIZATION_ID}`,
    role: 'counterpart',
    org: UNRELATED_ORGANIZATION_ID,
  },
  { name: `counterpart ${FAE_ID}`, role: 'counterpart', org: FAE_ID },
  { name: `counterpart ${OTHER_ORGANIZATION_ID}`, role: 'counterpart', org: OTHER_ORGANIZATION_ID },
  { name: 'presidency', role: 'presidency' },
  { name: 'auditor', role: 'auditor' },
];

/** What the test knows of each commitment it made. */
export interface CommitmentFacts {
  commitmentId: string;
  institutionId: string;
  organizationId: string;
  /** Per milestone, per progress report: its evidence items' and its texts' classifications. */
  milestones: {
    milestoneId: string;
    reports: {
      reportId: string;
      evidence: Classification[];
      /**
       * The narrative's, the latest review reasons' and the latest round's answer's
       * classifications (null: none); `rounds` counts the objections (review in rounds).
       */
      text: Classification;
      reasons: Classification | null;
      answer: Classification | null;
      rounds: number;
    }[];
  }[];
  /** Classifications of the submitted reports, in order. */
  submittedReports: Classification[];
  closureEvidence: Classification[] | null;
  /** The closure's results narrative's classification under the rule (null before closure). */
  closureText: Classification | null;
  /** The classifications of the progress reports' texts (narrative, reasons, answer) under the rule. */
  texts: Classification[];
  /** `$all` positions: after drafting, half way, and after the last command. */
  positions: { drafted: string; middle: string; last: string };
  /** The files kept in hitos's evidence store that its progress reports cite, by hash. */
  files: { sha256: string; classification: Classification }[];
  completed: boolean;
  closed: boolean;
}

/** The rule: who may read a commitment's reserved and confidential content. */
export function mayReadClassified(
  reader: ReaderSpec,
  commitment: Pick<CommitmentFacts, 'institutionId' | 'organizationId'>,
): boolean {
  switch (reader.role) {
    case 'presidency':
    case 'auditor':
      return true;
    case 'institution':
      return reader.org === commitment.institutionId;
    case 'counterpart':
      return reader.org === commitment.organizationId;
    default:
      return false;
  }
}

/** The strictest of some classifications (public with none): a narrative's default. */
export function strictestOf(classifications: readonly Classification[]): Classification {
  return classifications.reduce<Classification>(
    (a, b) => (CLASSIFICATIONS.indexOf(b) > CLASSIFICATIONS.indexOf(a) ? b : a),
    'public',
  );
}

/** mulberry32: a small seeded PRNG, enough to vary histories reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Which optional `classification` fields the API under test accepts (read from its OpenAPI). */
export interface ClassifiableCommands {
  progressReport: boolean;
  review: boolean;
  answer: boolean;
  closure: boolean;
}

export function classifiableCommands(openapi: any): ClassifiableCommands {
  const body = (path: string): any => {
    const op = openapi.paths?.[path]?.post;
    const schema = op?.requestBody?.content?.['application/json']?.schema;
    const ref: string | undefined = schema?.$ref;
    return ref ? openapi.components.schemas[ref.split('/').pop()!] : schema;
  };
  const has = (path: string) => Boolean(body(path)?.properties?.classification);
  return {
    progressReport: has(
      '/api/commitments/{commitmentId}/milestones/{milestoneId}/progress-reports',
    ),
    review: has('/api/commitments/{commitmentId}/progress-reports/{reportId}/reviews'),
    answer: has('/api/commitments/{commitmentId}/progress-reports/{reportId}/answers'),
    closure: has('/api/commitments/{commitmentId}/closure'),
  };
}

export class CanaryRegistry {
  readonly all: Canary[] = [];
  private readonly byText = new Map<string, Canary>();
  private serial = 0;
  /** What `find` found in each text it was given (the tests scan each answer more than once). */
  private readonly found = new Map<string, { found: Canary[]; unknown: string[] }>();
  /** Each field cycles through its options from a seeded start, so every one occurs. */
  private readonly cycles = new Map<string, number>();

  constructor(private readonly random: () => number) {}

  make(
    field: CanaryField,
    classification: Canary['classification'],
    declared: Canary['declared'],
    commitmentId: string | null,
    about?: Canary['about'],
  ): string {
    const label = field === 'sub' ? 'person' : classification;
    const text = `CANARY-${field}-${label}-${String(++this.serial).padStart(4, '0')}`;
    const canary: Canary = { text, field, classification, declared, commitmentId, about };
    this.all.push(canary);
    this.byText.set(text.toLowerCase(), canary);
    return text;
  }

  /**
   * The canaries in a text, by the pattern every canary has, whatever the case (a host name or
   * a slug may lower it).
   */
  find(text: string): { found: Canary[]; unknown: string[] } {
    const cached = this.found.get(text);
    if (cached) return cached;
    const found = new Set<Canary>();
    const unknown: string[] = [];
    for (const match of new Set(text.match(/CANARY-[A-Za-z]+-[A-Za-z]+-\d{4}/gi) ?? [])) {
      const canary = this.byText.get(match.toLowerCase());
      if (canary) found.add(canary);
      else unknown.push(match);
    }
    const result = { found: [...found], unknown };
    this.found.set(text, result);
    return result;
  }

  /** The next option of `field`'s cycle (seeded start, then round robin: all occur). */
  pick<T>(field: string, options: readonly T[]): T {
    if (!this.cycles.has(field)) this.cycles.set(field, Math.floor(this.random() * options.length));
    const n = this.cycles.get(field)!;
    this.cycles.set(field, n + 1);
    return options[n % options.length];
  }
}

/** May `reader` see this canary, under the rule? */
export function mayRead(
  reader: ReaderSpec,
  canary: Canary,
  commitments: ReadonlyMap<string, CommitmentFacts>,
): boolean {
  const commitment = canary.commitmentId ? commitments.get(canary.commitmentId) : undefined;
  if (canary.field === 'sub') {
    // A person's user id: for the Presidency, auditors and the parties of what they acted on.
    if (reader.role === 'presidency' || reader.role === 'auditor') return true;
    if (commitment) return mayReadClassified(reader, commitment);
    if (reader.role === 'institution') return reader.org === canary.about?.institutionId;
    if (reader.role === 'counterpart') return reader.org === canary.about?.organizationId;
    return false;
  }
  if (canary.classification === 'public') return true;
  return commitment !== undefined && mayReadClassified(reader, commitment);
}

async function ok(res: Promise<HttpResult>): Promise<HttpResult> {
  const r = await res;
  if (r.status >= 300)
    throw new Error(`history step failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

/** A link whose host and path both carry the canary: a leak of either part is seen. */
const canaryUrl = (canary: string) =>
  `https://${canary.toLowerCase()}.example.org/documentos/${canary}.pdf`;

const SHA = (n: number) => n.toString(16).padStart(2, '0').repeat(32);

/** The people who act, each with a canary user id. */
export interface People {
  presidency: string;
  auditor: string;
  institution(id: string, commitmentId: string): string;
  counterpart(id: string, commitmentId: string): string;
}

/** Registers the plan and the parties (the Presidency's user id is a canary too). */
export async function registerWorld(
  api: ApiHarness,
  canaries: CanaryRegistry,
): Promise<{ presidency: string; auditor: string; position: string }> {
  /** A Presidency official with a canary user id, who may be shown to the party `about`. */
  const official = (about?: Canary['about']) =>
    api.token('presidency', undefined, canaries.make('sub', 'person', 'omitted', null, about));
  const presidency = official();
  const auditor = api.token('auditor', undefined, canaries.make('sub', 'person', 'omitted', null));
  let position = '0';
  const post = async (path: string, body: unknown, token = presidency) => {
    position = (await ok(http(api, 'POST', path, { token, body }))).body.position ?? position;
  };
  await post('/api/action-plans', planBody());
  // Each registration by another official: their id may reach the party it is about, no one else.
  for (const body of [
    mdtBody(),
    sercopBody(),
    {
      ...sercopBody(),
      institutionId: UNRELATED_INSTITUTION_ID,
      name: 'Institución Ajena',
      acronym: 'IA',
    },
  ])
    await post('/api/institutions', body, official({ institutionId: body.institutionId }));
  for (const body of [
    faeBody(),
    grupoFaroBody(),
    { ...grupoFaroBody(), organizationId: UNRELATED_ORGANIZATION_ID, name: 'Organización Ajena' },
  ])
    await post('/api/organizations', body, official({ organizationId: body.organizationId }));
  return { presidency, auditor, position };
}

/**
 * One commitment's history, drawn from `random`: 1–3 milestones, 1–3 progress reports each
 * with 0–2 evidence items, reviews (endorsed or objected, with or without reasons), answers to
 * objections, 0–3 reports submitted to audiences by either party, and, when every milestone was
 * completed, the closure with its evidence. Every free text holds a canary.
 */
export async function driveHistory(
  api: ApiHarness,
  canaries: CanaryRegistry,
  random: () => number,
  index: number,
  accepts: ClassifiableCommands,
): Promise<CommitmentFacts> {
  const id = `canario-${String(index + 1).padStart(2, '0')}`;
  // Every pairing of parties occurs in the first four histories.
  const institutionId = [MDT_ID, OTHER_INSTITUTION_ID][index % 2];
  const organizationId = [FAE_ID, OTHER_ORGANIZATION_ID][Math.floor(index / 2) % 2];
  const inst = api.token(
    'institution',
    institutionId,
    canaries.make('sub', 'person', 'omitted', id),
  );
  const cp = api.token(
    'counterpart',
    organizationId,
    canaries.make('sub', 'person', 'omitted', id),
  );
  const chance = (p: number) => random() < p;
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const positions: string[] = [];
  const post = async (token: string, path: string, body: unknown) => {
    const res = await ok(http(api, 'POST', path, { token, body }));
    if (res.body?.position) positions.push(String(res.body.position));
    return res;
  };
  const base = `/api/commitments/${id}`;
  const cls = (field: string) => canaries.pick(field, CLASSIFICATIONS);
  /** A reply's classification: one of the three, or omitted (inherits the report's text). */
  const replyCls = (field: string) =>
    canaries.pick<Classification | 'omitted'>(field, [...CLASSIFICATIONS, 'omitted']);

  await post(
    inst,
    '/api/commitments',
    draftBody(id, {
      number: index + 1,
      responsible: { institutionId, unit: 'Dirección de Gobierno Abierto' },
      counterpart: { organizationId, sector: 'civil-society' },
    }),
  );
  const drafted = positions[positions.length - 1];
  const milestoneCount = between(1, 3);
  const weights = milestoneCount === 1 ? [100] : milestoneCount === 2 ? [40, 60] : [30, 40, 30];
  for (let m = 0; m < milestoneCount; m++) {
    await post(inst, `${base}/milestones`, {
      milestoneId: `h${m + 1}`,
      deliverable: `Entregable ${m + 1}`,
      weight: weights[m],
      start: '2026-02-01',
      due: '2027-06-30',
    });
  }
  await post(inst, `${base}/administrator`, administratorBody());
  await post(inst, `${base}/acta/signatures`, signatureBody('institution'));
  await post(cp, `${base}/acta/signatures`, signatureBody('counterpart'));

  const facts: CommitmentFacts = {
    commitmentId: id,
    institutionId,
    organizationId,
    milestones: [],
    submittedReports: [],
    closureEvidence: null,
    closureText: null,
    texts: [],
    positions: { drafted, middle: drafted, last: drafted },
    files: [],
    completed: false,
    closed: false,
  };
  const evidence = (titleField: CanaryField, urlField: CanaryField, seq: number) => {
    const items: { body: Record<string, unknown>; classification: Classification }[] = [];
    const count = between(0, 2);
    for (let e = 0; e < count; e++) {
      const classification = cls(titleField);
      items.push({
        classification,
        body: {
          title: `${canaries.make(titleField, classification, classification, id)} medio de verificación`,
          url: canaryUrl(canaries.make(urlField, classification, classification, id)),
          sha256: SHA(seq * 7 + e),
          classification,
        },
      });
    }
    return items;
  };
  /**
   * A file kept in hitos's evidence store, its bytes a canary: uploaded by the institution and
   * cited as `/api/evidence/<sha256>`. The first history's first report always has a reserved one.
   */
  const keptFile = async (classification: Classification) => {
    const content = `${canaries.make('evidenceFile', classification, classification, id)} contenido del archivo\n`;
    const sha256 = await uploadEvidence(api, inst, Buffer.from(content));
    facts.files.push({ sha256, classification });
    return {
      classification,
      body: {
        title: `${canaries.make('evidenceTitle', classification, classification, id)} archivo`,
        url: `/api/evidence/${sha256}`,
        sha256,
        classification,
      },
    };
  };

  // Some commitments go to completion and closure; the others stay in implementation.
  const finish = index % 3 !== 2;
  let seq = 0;
  for (let m = 0; m < milestoneCount; m++) {
    const milestoneId = `h${m + 1}`;
    const reports: CommitmentFacts['milestones'][number]['reports'] = [];
    // Two anchors hold whatever the seed: the first history's first report is confidential,
    // objected and answered, both replies inheriting; the third history's last report is
    // reserved and left for review (the counterpart's queue then holds classified text).
    const count = index === 0 && m === 0 ? between(2, 3) : between(1, 3);
    for (let r = 0; r < count; r++) {
      const reportId = `${milestoneId}-avance-${r + 1}`;
      const last = r === count - 1;
      const anchorReplies = index === 0 && m === 0 && r === 0;
      const anchorPending = index === 2 && m === milestoneCount - 1 && last;
      const percent = finish && last ? 100 : Math.min(90, 10 * (r + 1) + between(0, 9));
      let items = evidence('evidenceTitle', 'evidenceUrl', ++seq);
      while (percent === 100 && items.length === 0)
        items = evidence('evidenceTitle', 'evidenceUrl', ++seq);
      if (index === 0 && m === 0 && r === 0) items.push(await keptFile('reserved'));
      else if (chance(0.3)) items.push(await keptFile(cls('evidenceFile')));
      // The narrative's classification: one of the three, or omitted (then, under the rule, the
      // strictest of the report's evidence items; public with none). Without the field, public.
      const declaredText: Classification | 'omitted' = !accepts.progressReport
        ? 'omitted'
        : anchorReplies
          ? 'confidential'
          : anchorPending
            ? 'reserved'
            : replyCls('narrative');
      const textCls: Classification =
        declaredText !== 'omitted'
          ? declaredText
          : accepts.progressReport
            ? strictestOf(items.map((i) => i.classification))
            : 'public';
      await post(inst, `${base}/milestones/${milestoneId}/progress-reports`, {
        reportId,
        percent,
        narrative: `${canaries.make('narrative', textCls, declaredText, id)} avance del hito.`,
        evidence: items.map((i) => i.body),
        ...(declaredText !== 'omitted' ? { classification: declaredText } : {}),
      });
      facts.texts.push(textCls);
      const report: CommitmentFacts['milestones'][number]['reports'][number] = {
        reportId,
        evidence: items.map((i) => i.classification),
        text: textCls,
        reasons: null,
        answer: null,
        rounds: 0,
      };
      reports.push(report);

      // Review: a 100% report that completes its milestone is endorsed; the others vary.
      const verdict: 'endorsed' | 'objected' | null = anchorReplies
        ? 'objected'
        : anchorPending
          ? null
          : finish && last
            ? 'endorsed'
            : chance(0.15)
              ? null
              : chance(0.7)
                ? 'objected'
                : 'endorsed';
      if (!verdict) continue;
      const withReasons = verdict === 'objected' || chance(0.5);
      const review: Record<string, unknown> = { verdict };
      if (withReasons) {
        const declared = accepts.review && !anchorReplies ? replyCls('reviewReasons') : 'omitted';
        const effective = declared === 'omitted' ? textCls : declared;
        review.reasons = `${canaries.make('reviewReasons', effective, declared, id)} observaciones.`;
        if (declared !== 'omitted') review.classification = declared;
        facts.texts.push(effective);
        report.reasons = effective;
      }
      await post(cp, `${base}/progress-reports/${reportId}/reviews`, review);
      // Objections are answered, except now and then in the third history (one stays open).
      if (verdict === 'objected' && (index !== 2 || anchorReplies || chance(0.5))) {
        const declared = accepts.answer && !anchorReplies ? replyCls('answer') : 'omitted';
        const effective = declared === 'omitted' ? textCls : declared;
        await post(inst, `${base}/progress-reports/${reportId}/answers`, {
          answer: `${canaries.make('answer', effective, declared, id)} respuesta.`,
          ...(declared !== 'omitted' ? { classification: declared } : {}),
        });
        facts.texts.push(effective);
        report.answer = effective;
      }
      if (verdict === 'objected') report.rounds = 1;
      // Review in rounds: now and then (every third evidence serial, never an anchor), the
      // counterpart objects again to an answered report, the institution answers that round too,
      // and every other time the counterpart then endorses. Classifications come from the same
      // cycles as the first round's (no draw from the seed, so the histories stay as they were).
      if (report.answer && !anchorReplies && !anchorPending && seq % 3 === 0) {
        const declared = accepts.review ? replyCls('reviewReasons') : 'omitted';
        const effective = declared === 'omitted' ? textCls : declared;
        await post(cp, `${base}/progress-reports/${reportId}/reviews`, {
          verdict: 'objected',
          reasons: `${canaries.make('reviewReasons', effective, declared, id)} segunda objeción.`,
          ...(declared !== 'omitted' ? { classification: declared } : {}),
        });
        facts.texts.push(effective);
        report.reasons = effective;
        report.answer = null;
        report.rounds = 2;
        const declaredAnswer = accepts.answer ? replyCls('answer') : 'omitted';
        const answered = declaredAnswer === 'omitted' ? textCls : declaredAnswer;
        await post(inst, `${base}/progress-reports/${reportId}/answers`, {
          answer: `${canaries.make('answer', answered, declaredAnswer, id)} segunda respuesta.`,
          ...(declaredAnswer !== 'omitted' ? { classification: declaredAnswer } : {}),
        });
        facts.texts.push(answered);
        report.answer = answered;
        if (seq % 2 === 0) {
          await post(cp, `${base}/progress-reports/${reportId}/reviews`, { verdict: 'endorsed' });
          report.reasons = null;
        }
      }
    }
    facts.milestones.push({ milestoneId, reports });
    if (m === Math.floor((milestoneCount - 1) / 2))
      facts.positions.middle = positions[positions.length - 1];
  }

  // Reports to audiences, by either party.
  const submissions = between(index === 0 ? 3 : 0, 3);
  for (let s = 0; s < submissions; s++) {
    const classification = cls('reportTitle');
    const byInstitution = chance(0.5);
    await post(byInstitution ? inst : cp, `${base}/reports`, {
      reportId: `informe-${s + 1}`,
      audience: canaries.pick('audience', ['presidency', 'irm', 'core-group', 'citizens'] as const),
      title: `${canaries.make('reportTitle', classification, classification, id)} informe`,
      summary: `${canaries.make('reportSummary', classification, classification, id)} resumen.`,
      ...(chance(0.7)
        ? {
            link: canaryUrl(canaries.make('reportLink', classification, classification, id)),
          }
        : {}),
      classification,
    });
    facts.submittedReports.push(classification);
  }

  if (finish) {
    for (const { milestoneId } of facts.milestones)
      await post(inst, `${base}/milestones/${milestoneId}/completion`, {});
    facts.completed = true;
    // The results narrative's classification: one of the three, or omitted (public).
    const declaredClosure = accepts.closure ? replyCls('closureNarrative') : 'omitted';
    const closureCls: Classification = declaredClosure === 'omitted' ? 'public' : declaredClosure;
    const items = evidence('closureEvidenceTitle', 'closureEvidenceUrl', ++seq);
    await post(inst, `${base}/closure`, {
      resultsNarrative: `${canaries.make('closureNarrative', closureCls, declaredClosure, id)} resultados.`,
      completion: 'complete',
      openedGovernment: 'major',
      evidence: items.map((i) => i.body),
      counterpartCoSignature: {
        name: 'Director Ejecutivo',
        position: 'Representante',
        signedOn: today(),
      },
      ...(declaredClosure !== 'omitted' ? { classification: declaredClosure } : {}),
    });
    facts.closureEvidence = items.map((i) => i.classification);
    facts.closureText = closureCls;
    facts.closed = true;
  }
  facts.positions.last = positions[positions.length - 1];
  return facts;
}

/** POST /api/evidence as multipart/form-data; the file's hash. */
async function uploadEvidence(api: ApiHarness, token: string, bytes: Buffer): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), 'evidencia.txt');
  const response = await fetch(`${api.baseUrl}/api/evidence`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const body = (await response.json()) as { sha256?: string };
  if (response.status !== 201 || !body.sha256) {
    throw new Error(`upload failed: ${response.status} ${JSON.stringify(body)}`);
  }
  return body.sha256;
}
