/**
 * Downloads of reserved or confidential evidence files, each recorded (docs/evidence.md). The
 * event names a person (who downloaded), so like the access events it is kept out of the public
 * history (`HitosEvent`, the audit trail, the feeds) and lives only in the transparency log.
 */
import type { Actor } from '../kernel/actor';
import type { Command, Decider } from '../kernel/decider';
import type { DomainError, LocalizedMessage } from '../kernel/domain-error';
import { firstError, requireEnum, requireText, type Check } from '../kernel/validation';
import { Errors } from '../kernel/error-catalogue';
import { SHA256 } from '../commitment/evidence';

/** One stream per file: `evidence-downloads-<sha256>`. */
export const EVIDENCE_DOWNLOADS_STREAM_PREFIX = 'evidence-downloads-';
export const evidenceDownloadsStreamName = (sha256: string) =>
  `${EVIDENCE_DOWNLOADS_STREAM_PREFIX}${sha256}`;

export type ClassifiedEvidenceDownloaded = {
  type: 'ClassifiedEvidenceDownloaded';
  data: {
    sha256: string;
    /** The strictest classification the file was filed with. */
    classification: 'reserved' | 'confidential';
    /** The commitments whose filings allowed the reader in. */
    commitmentIds: string[];
    /** Who downloaded it (the command's actor, also in the metadata). */
    downloadedBy: { id: string; role: string; organizationId?: string };
    /** When (the command's `now`). */
    downloadedAt: string;
  };
};

export type EvidenceDownloadEvent = ClassifiedEvidenceDownloaded;

export const EVIDENCE_DOWNLOAD_EVENT_SCHEMA_VERSIONS: Record<
  EvidenceDownloadEvent['type'],
  number
> = { ClassifiedEvidenceDownloaded: 1 };

export type RecordClassifiedEvidenceDownload = Command<
  'RecordClassifiedEvidenceDownload',
  { sha256: string; classification: string; commitmentIds: string[] }
>;

export interface EvidenceDownloadsState {
  downloads: number;
}

/** The audit line, for the Presidency and auditors only (it is never public). */
export function summarizeEvidenceDownload(event: EvidenceDownloadEvent): LocalizedMessage {
  const d = event.data;
  return {
    es: `Se descargó la evidencia ${d.classification === 'reserved' ? 'reservada' : 'confidencial'} ${d.sha256.slice(0, 12)}… (${d.downloadedBy.role}).`,
    en: `${d.classification} evidence ${d.sha256.slice(0, 12)}… downloaded (${d.downloadedBy.role}).`,
  };
}

function check(data: RecordClassifiedEvidenceDownload['data']): Check {
  return (
    (typeof data.sha256 === 'string' && SHA256.test(data.sha256)
      ? undefined
      : Errors.evidenceHashInvalid('sha256', data.sha256)) ??
    requireEnum('classification', data.classification, ['reserved', 'confidential']) ??
    firstError(data.commitmentIds ?? [], (id, i) => requireText(`commitmentIds[${i}]`, id))
  );
}

const actorOf = (actor: Actor) =>
  actor.organizationId
    ? { id: actor.id, role: actor.role, organizationId: actor.organizationId }
    : { id: actor.id, role: actor.role };

export const evidenceDownloadsDecider: Decider<
  RecordClassifiedEvidenceDownload,
  EvidenceDownloadEvent,
  EvidenceDownloadsState
> = {
  initialState: () => ({ downloads: 0 }),
  evolve: (state) => ({ downloads: state.downloads + 1 }),
  decide(command): EvidenceDownloadEvent[] | DomainError {
    const invalid = check(command.data);
    if (invalid) return invalid;
    return [
      {
        type: 'ClassifiedEvidenceDownloaded',
        data: {
          sha256: command.data.sha256,
          classification: command.data.classification as 'reserved' | 'confidential',
          commitmentIds: [...command.data.commitmentIds],
          downloadedBy: actorOf(command.metadata.actor),
          downloadedAt: command.metadata.now,
        },
      },
    ];
  },
};
