/**
 * What an institution's page shows, from the same read models as the JSON API: its registry
 * entry (name, function, level, redesigns), the commitments it is responsible for with their
 * semáforo, the commitments it received or handed over in transfers, and its overdue milestones.
 * Read as the public reads: nothing here is classified.
 */
import type { InstitutionState } from '@hitos/domain';
import {
  PUBLIC_READER,
  REGISTRY,
  commitmentTrafficLights,
  commitmentsEverHeldBy,
  getCommitmentDetail,
  institutionPortfolio,
  overdueMilestones,
  registryEntry,
  transferQueue,
  type DeadlineItem,
  type InstitutionPortfolio,
  type TransferQueueItem,
} from '@hitos/read-models';
import type { ReadModels } from '../../../read-models/read-models.service';
import type { PartyCommitment } from '../../components/party-commitments';
import { PortalNames } from '../../portal-names';

export type RegisteredInstitution = Exclude<InstitutionState, { status: 'Empty' }>;

/** A commitment that changed hands, as this institution's page tells it. */
export interface SettledTransferLine {
  commitmentId: string;
  title: string;
  /** `received`: it came to this institution; `handedOver`: it left it. */
  direction: 'received' | 'handedOver';
  /** The other institution of the transfer. */
  otherInstitutionId: string;
  settledOn: string;
  reason: string;
}

export interface InstitutionPageData {
  institution: RegisteredInstitution;
  today: string;
  commitments: PartyCommitment[];
  meanProgress: InstitutionPortfolio['meanProgress'];
  /** Settled transfers in and out, newest first. */
  transfers: SettledTransferLine[];
  /** Transfers under way where it is the redesigned or the receiving institution. */
  pending: TransferQueueItem[];
  overdue: DeadlineItem[];
  /** The plan whose live stream refreshes the page: that of its commitments; null with none. */
  livePlanId: string | null;
  names: PortalNames;
}

export async function loadInstitutionPage(
  views: ReadModels,
  institutionId: string,
): Promise<InstitutionPageData | null> {
  const registry = (await views.open(REGISTRY)).db;
  const entry = registryEntry(registry, 'institution', institutionId);
  if (!entry || entry.state.status === 'Empty') return null;
  const names = PortalNames.read(registry);
  const today = views.today();
  const details = (await views.open('commitment-detail')).db;
  const deadlines = (await views.open('deadlines')).db;
  const portfolio = institutionPortfolio(details, institutionId, { today }, { limit: 500 });
  const lights = commitmentTrafficLights(deadlines, { institutionId, today });
  const commitments = portfolio.commitments.items.map((c) => ({
    ...c,
    light: lights.get(c.commitmentId) ?? null,
  }));

  const transfers: SettledTransferLine[] = [];
  for (const commitmentId of commitmentsEverHeldBy(details, institutionId)) {
    const detail = getCommitmentDetail(details, commitmentId, PUBLIC_READER);
    if (!detail) continue;
    for (const t of detail.transfers) {
      if (t.outcome !== 'transferred' || t.fromInstitutionId === t.toInstitutionId) continue;
      if (t.toInstitutionId !== institutionId && t.fromInstitutionId !== institutionId) continue;
      const received = t.toInstitutionId === institutionId;
      transfers.push({
        commitmentId,
        title: detail.title,
        direction: received ? 'received' : 'handedOver',
        otherInstitutionId: received ? t.fromInstitutionId : t.toInstitutionId,
        settledOn: t.settledOn,
        reason: t.reason,
      });
    }
  }
  transfers.sort((a, b) => b.settledOn.localeCompare(a.settledOn));

  const livePlanId = names.latestPlanOf(commitments.map((c) => c.planId));
  return {
    institution: entry.state,
    today,
    commitments,
    meanProgress: portfolio.meanProgress,
    transfers,
    pending: transferQueue(details, { institutionId, today }, { limit: 100 }).items,
    overdue: overdueMilestones(deadlines, { institutionId, today }, { limit: 100 }).items,
    livePlanId,
    names,
  };
}
