import type { Database } from 'better-sqlite3';
import { prepared } from '@hitos/projections';
import type { EvidenceFilingRow } from './evidence-files.projection';

/** One filing of a document as the API uses it. */
export interface EvidenceFiling {
  sha256: string;
  commitmentId: string;
  eventId: string;
  eventType: string;
  reportId: string;
  title: string;
  url: string;
  classification: 'public' | 'reserved' | 'confidential';
  stored: boolean;
  size: number | null;
  mediaType: string | null;
  recordedAt: string;
  position: string;
}

const toFiling = (r: EvidenceFilingRow): EvidenceFiling => ({
  sha256: r.sha256,
  commitmentId: r.commitment_id,
  eventId: r.event_id,
  eventType: r.event_type,
  reportId: r.report_id,
  title: r.title,
  url: r.url,
  classification: r.classification,
  stored: r.stored === 1,
  size: r.size,
  mediaType: r.media_type,
  recordedAt: r.recorded_at,
  position: r.position,
});

/** Every filing of a document, in the order they were recorded. */
export function filingsOf(db: Database, sha256: string): EvidenceFiling[] {
  return (
    prepared(
      db,
      `SELECT * FROM evidence_filing WHERE sha256 = ? ORDER BY CAST(position AS INTEGER), seq`,
    ).all(sha256.toLowerCase()) as EvidenceFilingRow[]
  ).map(toFiling);
}

/** A kept file some event filed as public: anyone may download it. */
export interface PublicEvidenceFile {
  sha256: string;
  size: number | null;
  mediaType: string | null;
  /** The first public filing's title, commitment and event. */
  title: string;
  commitmentId: string;
  eventId: string;
  recordedAt: string;
  url: string;
}

/**
 * The kept files filed public at least once (optionally of one commitment), each once, with
 * its first public filing; ordered by hash.
 */
export function publicEvidenceFiles(db: Database, commitmentId?: string): PublicEvidenceFile[] {
  const rows = prepared(
    db,
    `SELECT * FROM evidence_filing
      WHERE stored = 1 AND classification = 'public' AND (? IS NULL OR commitment_id = ?)
      ORDER BY sha256, CAST(position AS INTEGER), seq`,
  ).all(commitmentId ?? null, commitmentId ?? null) as EvidenceFilingRow[];
  const seen = new Map<string, PublicEvidenceFile>();
  for (const r of rows) {
    if (seen.has(r.sha256)) continue;
    seen.set(r.sha256, {
      sha256: r.sha256,
      size: r.size,
      mediaType: r.media_type,
      title: r.title,
      commitmentId: r.commitment_id,
      eventId: r.event_id,
      recordedAt: r.recorded_at,
      url: `/api/evidence/${r.sha256}`,
    });
  }
  return [...seen.values()];
}
