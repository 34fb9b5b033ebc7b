/**
 * What a counterpart organization's page shows, from the same read models as the JSON API: its
 * registry entry (name, sector, representative), the commitments it is counterpart of with their
 * semáforo, and how it reviewed the institutions' progress reports (counted from each commitment's
 * detail). Read as the public reads: nothing here is classified.
 */
import type { OrganizationState } from '@hitos/domain';
import {
  PUBLIC_READER,
  REGISTRY,
  commitmentTrafficLights,
  getCommitmentDetail,
  listCommitments,
  registryEntry,
} from '@hitos/read-models';
import type { ReadModels } from '../../../read-models/read-models.service';
import type { PartyCommitment } from '../../components/party-commitments';
import { PortalNames } from '../../portal-names';

export type RegisteredOrganization = Exclude<OrganizationState, { status: 'Empty' }>;

/** The counterpart's reviews of one commitment's progress reports. */
export interface ReviewCounts {
  endorsed: number;
  objected: number;
  /** Objected and not answered by the institution yet. */
  openObjections: number;
  /** Reported and not reviewed yet. */
  awaitingReview: number;
}

/** An objection the institution has not answered yet. */
export interface OpenObjection {
  commitmentId: string;
  commitmentTitle: string;
  deliverable: string;
  percent: number;
  reviewedOn: string;
  reasons: string | null;
}

export interface OrganizationPageData {
  organization: RegisteredOrganization;
  today: string;
  commitments: (PartyCommitment & { reviews: ReviewCounts })[];
  reviews: ReviewCounts;
  openObjections: OpenObjection[];
  /** The plan whose live stream refreshes the page: that of its commitments; null with none. */
  livePlanId: string | null;
  names: PortalNames;
}

const noReviews = (): ReviewCounts => ({
  endorsed: 0,
  objected: 0,
  openObjections: 0,
  awaitingReview: 0,
});

export async function loadOrganizationPage(
  views: ReadModels,
  organizationId: string,
): Promise<OrganizationPageData | null> {
  const registry = (await views.open(REGISTRY)).db;
  const entry = registryEntry(registry, 'organization', organizationId);
  if (!entry || entry.state.status === 'Empty') return null;
  const names = PortalNames.read(registry);
  const today = views.today();
  const details = (await views.open('commitment-detail')).db;
  const deadlines = (await views.open('deadlines')).db;
  const lights = commitmentTrafficLights(deadlines, { counterpartId: organizationId, today });
  const total = noReviews();
  const openObjections: OpenObjection[] = [];
  const commitments = listCommitments(
    details,
    { counterpartId: organizationId },
    { limit: 500 },
  ).items.map((c) => {
    const reviews = noReviews();
    const detail = getCommitmentDetail(details, c.commitmentId, PUBLIC_READER);
    for (const milestone of detail?.milestones ?? [])
      for (const report of milestone.reports) {
        if (!report.review) reviews.awaitingReview++;
        else if (report.review.verdict === 'endorsed') reviews.endorsed++;
        else reviews.objected++;
        if (report.openObjection) {
          reviews.openObjections++;
          openObjections.push({
            commitmentId: c.commitmentId,
            commitmentTitle: c.title,
            deliverable: milestone.deliverable,
            percent: report.percent,
            reviewedOn: report.review!.reviewedOn,
            reasons: report.review!.reasons,
          });
        }
      }
    for (const key of Object.keys(total) as (keyof ReviewCounts)[]) total[key] += reviews[key];
    return { ...c, light: lights.get(c.commitmentId) ?? null, reviews };
  });
  openObjections.sort((a, b) => a.reviewedOn.localeCompare(b.reviewedOn));
  const livePlanId = names.latestPlanOf(commitments.map((c) => c.planId));
  return {
    organization: entry.state,
    today,
    commitments,
    reviews: total,
    openObjections,
    livePlanId,
    names,
  };
}
