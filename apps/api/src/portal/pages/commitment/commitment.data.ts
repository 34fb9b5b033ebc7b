/**
 * What the commitment page shows, read from the same read models and with the same reader rules
 * as the JSON API (`GET /api/commitments/:id`, its audit trail and the deadlines): the detail,
 * each milestone's semáforo, the commitment's, the Core Group's names and the trail.
 *
 * Reserved content: the detail either leaves a withheld item out and counts it, or keeps it in
 * its place with `withheld: true` and its texts null (the reserve work). The page's types below
 * accept both, so wherever a text is null the page says «contenido reservado» in its place.
 */
import { QUESTION_STATUSES, type Classification, type CoreGroupMember } from '@hitos/domain';
import { DEFAULT_WORKFLOW_POLICY } from '@hitos/workflows';
import {
  auditTrail,
  commitmentTrafficLights,
  getCommitmentDetail,
  EVIDENCE_FILES,
  publicEvidenceFiles,
  milestoneDeadlines,
  registryEntry,
  type AuditEntry,
  type CommitmentDetailView,
  type MilestoneView,
  type TrafficLight,
} from '@hitos/read-models';
import { listCheckpoints, type CheckpointView } from '@hitos/transparency';
import type { ReadModels } from '../../../read-models/read-models.service';
import type { TransparencyLog } from '../../../transparency/transparency-log.service';
import { PortalNames } from '../../portal-names';

/** An evidence item, whole or as a withheld stub (title, url and hash null). */
export interface PageEvidence {
  title: string | null;
  url: string | null;
  sha256?: string | null;
  classification: Classification;
  withheld?: boolean;
}

/** A review's reasons as the page reads them (null when none or withheld). */
export interface PageReviewReasons {
  reasons: string | null;
  reviewedOn: string;
  withheld?: boolean;
}

/** An answer as the page reads it (null text when withheld). */
export interface PageAnswer {
  answer: string | null;
  answeredOn: string;
  withheld?: boolean;
}

/**
 * A progress report with its two keys: the institution's claim and the counterpart's review —
 * a conversation in rounds (objection, answer, …) that an endorsement settles.
 */
export interface PageProgressReport {
  reportId: string;
  milestoneId: string;
  percent: number;
  narrative: string | null;
  evidence: PageEvidence[];
  reportedOn: string;
  /** The latest review (the endorsement, else the last round's objection). */
  review: ({ verdict: 'endorsed' | 'objected' } & PageReviewReasons) | null;
  /** The last round's answer. */
  answer: PageAnswer | null;
  openObjection: boolean;
  withheld?: boolean;
  /** Every round, in order; absent in views from before rounds (then `review`/`answer` say it). */
  rounds?: { round: number; objection: PageReviewReasons; answer: PageAnswer | null }[];
  endorsement?: (PageReviewReasons & { round: number }) | null;
  reviewStatus?: 'pending-review' | 'objected' | 'answered' | 'endorsed';
}

export type PageMilestone = Omit<MilestoneView, 'reports'> & { reports: PageProgressReport[] };

export interface PageSubmittedReport {
  reportId: string;
  audience: CommitmentDetailView['submittedReports'][number]['audience'];
  submittedBy: 'institution' | 'counterpart';
  title: string | null;
  summary: string | null;
  link?: string | null;
  classification: Classification;
  submittedOn: string;
  withheld?: boolean;
}

export type PageClosure = Omit<
  NonNullable<CommitmentDetailView['closure']>,
  'resultsNarrative' | 'evidence'
> & {
  resultsNarrative: string | null;
  evidence: PageEvidence[];
  withheld?: boolean;
};

/** The detail as the page reads it: main's shape and the reserve's stubs both fit. */
export type PageDetail = Omit<
  CommitmentDetailView,
  'milestones' | 'submittedReports' | 'closure'
> & {
  milestones: PageMilestone[];
  submittedReports: PageSubmittedReport[];
  closure: PageClosure | null;
  /** Classified free texts withheld in place (reserve); absent before it. */
  withheldTexts?: number;
};

export interface CommitmentPageData {
  commitmentId: string;
  /**
   * How the question form went, from the redirect after posting it (`?pregunta=`): `enviada`,
   * or the refusal's code. Absent on a plain visit.
   */
  questionOutcome?: string;
  /** Whether the commitment takes questions now (signed, not withdrawn). */
  acceptsQuestions: boolean;
  /** The days the institution has to answer (`HITOS_QUESTION_ANSWER_DAYS`). */
  answerDays: number;
  /** Today on hitos's clock, in the plan's time zone. */
  today: string;
  detail: PageDetail;
  /** The commitment's semáforo: the worst of its milestones. */
  light: TrafficLight | null;
  /** Each milestone's semáforo, by milestone id. */
  milestoneLights: Map<string, TrafficLight>;
  /** The commitment's trail in `$all` order, oldest first. */
  trail: AuditEntry[];
  /** The plan's Core Group, for naming who concurred with a reschedule. */
  coreGroup: CoreGroupMember[];
  names: PortalNames;
  /** The transparency log's latest signed checkpoint, with its witnesses; null before the first. */
  checkpoint: CheckpointView | null;
  /** The files kept in hitos's evidence store that this commitment cited as public, by hash. */
  keptFiles?: Map<string, { size: number | null; mediaType: string | null }>;
}

/** How many trail entries the page lists (the whole trail is in the audit package and CSV). */
export const TRAIL_LIMIT = 500;

export async function loadCommitmentPage(
  views: ReadModels,
  log: TransparencyLog,
  commitmentId: string,
  answerDays = DEFAULT_WORKFLOW_POLICY.questionAnswerDays,
): Promise<CommitmentPageData | null> {
  const reader = views.reader();
  const detail = getCommitmentDetail(
    (await views.open('commitment-detail')).db,
    commitmentId,
    reader,
  );
  if (!detail) return null;
  const registry = (await views.open('registry')).db;
  const names = PortalNames.read(registry);
  const today = views.today();
  const deadlines = (await views.open('deadlines')).db;
  const milestoneLights = new Map(
    milestoneDeadlines(deadlines, { commitmentId, today }, { limit: 500 }).items.map((m) => [
      m.milestoneId,
      m.trafficLight,
    ]),
  );
  const light =
    commitmentTrafficLights(deadlines, { planId: detail.planId, today }).get(commitmentId) ?? null;
  const trail = auditTrail(
    (await views.open('audit-trail')).db,
    { commitmentId },
    reader,
    {},
    { limit: TRAIL_LIMIT },
  ).items;
  const plan = registryEntry(registry, 'plan', detail.planId);
  const coreGroup = plan && plan.state.status === 'Registered' ? plan.state.coreGroup : [];
  return {
    commitmentId,
    acceptsQuestions: (QUESTION_STATUSES as readonly string[]).includes(detail.status),
    answerDays,
    today,
    detail,
    light,
    milestoneLights,
    trail,
    coreGroup,
    names,
    checkpoint: latestCheckpoint(log),
    keptFiles: new Map(
      publicEvidenceFiles((await views.open(EVIDENCE_FILES)).db, commitmentId).map((f) => [
        f.sha256,
        { size: f.size, mediaType: f.mediaType },
      ]),
    ),
  };
}

function latestCheckpoint(log: TransparencyLog): CheckpointView | null {
  const total = listCheckpoints(log.db(), { limit: 1, offset: 0 }).total;
  if (total === 0) return null;
  return listCheckpoints(log.db(), { limit: 1, offset: total - 1 }).items[0] ?? null;
}
