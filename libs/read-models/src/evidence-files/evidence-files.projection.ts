import {
  storedEvidenceHash,
  type CommitmentClosed,
  type EvidenceItem,
  type MilestoneProgressReported,
} from '@hitos/domain';
import { defineProjection, type ProjectedEvent, type ProjectionContext } from '@hitos/projections';
import { COMMITMENT_PREFIX, commitmentIdOf } from '../commitment-events';

export const EVIDENCE_FILES = 'evidence-files';

/** The events that file evidence. */
type EvidenceFilesEvent = MilestoneProgressReported | CommitmentClosed;

/** One evidence item that cited a document by its hash: which event filed it, and how. */
export interface EvidenceFilingRow {
  sha256: string;
  commitment_id: string;
  event_id: string;
  event_type: string;
  stream_id: string;
  revision: number;
  /** Its place in the event's evidence list. */
  seq: number;
  /** The progress report's id, or '' for the closure. */
  report_id: string;
  title: string;
  url: string;
  classification: 'public' | 'reserved' | 'confidential';
  /** 1 when `url` is a file hitos keeps (`/api/evidence/<sha256>`). */
  stored: number;
  size: number | null;
  media_type: string | null;
  recorded_at: string;
  position: string;
}

function file(
  context: ProjectionContext,
  event: ProjectedEvent,
  reportId: string,
  evidence: readonly EvidenceItem[] | undefined,
) {
  if (!event.streamId.startsWith(COMMITMENT_PREFIX)) return;
  (evidence ?? []).forEach((item, seq) => {
    // Items upcast from v1 events have no hash: nothing to map.
    if (typeof item.sha256 !== 'string') return;
    const sha256 = item.sha256.toLowerCase();
    context.run(
      `INSERT OR IGNORE INTO evidence_filing (sha256, commitment_id, event_id, event_type,
         stream_id, revision, seq, report_id, title, url, classification, stored, size,
         media_type, recorded_at, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        sha256,
        commitmentIdOf(event),
        event.id,
        event.type,
        event.streamId,
        event.revision,
        seq,
        reportId,
        item.title,
        item.url,
        item.classification,
        storedEvidenceHash(item.url) === sha256 ? 1 : 0,
        typeof item.size === 'number' ? item.size : null,
        typeof item.mediaType === 'string' ? item.mediaType : null,
        event.recordedAt,
        event.position,
      ],
    );
  });
}

/**
 * Which events filed each document, by its SHA-256: the commitment, the event, the item's title
 * and classification, and whether the file is one hitos keeps. The download decides from it who
 * may read a kept file (public if any filing is public; otherwise the readers of the classified
 * content of a commitment that filed it); the open data and the portal list the public ones.
 */
export const evidenceFilesProjection = defineProjection<EvidenceFilesEvent>({
  name: EVIDENCE_FILES,
  version: 1,
  schema: `
    CREATE TABLE evidence_filing (
      sha256 TEXT NOT NULL,
      commitment_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      event_type TEXT NOT NULL,
      stream_id TEXT NOT NULL,
      revision INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      report_id TEXT NOT NULL,
      title TEXT NOT NULL,
      url TEXT NOT NULL,
      classification TEXT NOT NULL,
      stored INTEGER NOT NULL,
      size INTEGER,
      media_type TEXT,
      recorded_at TEXT NOT NULL,
      position TEXT NOT NULL,
      PRIMARY KEY (event_id, seq)
    );
  `,
  indexes: `
    CREATE INDEX IF NOT EXISTS evidence_filing_by_sha ON evidence_filing (sha256);
    CREATE INDEX IF NOT EXISTS evidence_filing_by_commitment ON evidence_filing (commitment_id);
  `,
  handlers: {
    MilestoneProgressReported: (context, event) => {
      const d = event.data as MilestoneProgressReported['data'];
      file(context, event, d.reportId, d.evidence);
    },
    CommitmentClosed: (context, event) => {
      const d = event.data as CommitmentClosed['data'];
      file(context, event, '', d.evidence);
    },
  },
});
