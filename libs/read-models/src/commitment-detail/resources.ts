import type { Database } from 'better-sqlite3';
import { type ResourceIdentified } from '@hitos/domain';
import { prepared } from '@hitos/projections';
import { handle, type CommitmentHandlers } from './commitment-handler';

/** The resources the institution identified for the commitment. */
export const RESOURCE_TABLES = `
    CREATE TABLE commitment_resource (
      commitment_id TEXT NOT NULL,
      resource_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      description TEXT NOT NULL,
      amount REAL,
      currency TEXT,
      budget_certification TEXT,
      cooperant TEXT,
      PRIMARY KEY (commitment_id, resource_id)
    );
`;

export interface ResourceRow {
  commitment_id: string;
  resource_id: string;
  kind: string;
  description: string;
  amount: number | null;
  currency: string | null;
  budget_certification: string | null;
  cooperant: string | null;
}

export const resourceHandlers: CommitmentHandlers<'ResourceIdentified'> = {
  ResourceIdentified: handle<ResourceIdentified>((context, { data: d }, id) => {
    context.run(
      `INSERT INTO commitment_resource (commitment_id, resource_id, kind, description, amount,
           currency, budget_certification, cooperant)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        d.resourceId,
        d.kind,
        d.description,
        d.estimatedAmount?.amount ?? null,
        d.estimatedAmount?.currency ?? null,
        d.budgetCertification ?? null,
        d.cooperant ?? null,
      ],
    );
  }),
};

// ── view ─────────────────────────────────────────────────────────────────────────────────────

/** A resource as identified: the optional fields appear only when given. */
export interface ResourceView {
  resourceId: string;
  kind: string;
  description: string;
  estimatedAmount?: { amount: number; currency: string };
  budgetCertification?: string;
  cooperant?: string;
}

/** The commitment's resources in the order they were identified. */
export function resourcesView(db: Database, commitmentId: string): ResourceView[] {
  return (
    prepared(db, `SELECT * FROM commitment_resource WHERE commitment_id = ? ORDER BY rowid`).all(
      commitmentId,
    ) as ResourceRow[]
  ).map((r) => ({
    resourceId: r.resource_id,
    kind: r.kind,
    description: r.description,
    ...(r.amount !== null ? { estimatedAmount: { amount: r.amount, currency: r.currency! } } : {}),
    ...(r.budget_certification !== null ? { budgetCertification: r.budget_certification } : {}),
    ...(r.cooperant !== null ? { cooperant: r.cooperant } : {}),
  }));
}
