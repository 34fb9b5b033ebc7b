/** Means of verification, shared by progress reports, submitted reports and the closure. */
import { Errors } from '../kernel/error-catalogue';
import {
  firstError,
  requireArray,
  requireEnum,
  requireIntegerInRange,
  requireText,
  type Check,
} from '../kernel/validation';

export const CLASSIFICATIONS = ['public', 'reserved', 'confidential'] as const;
/** Each party's reserve classification: only `public` may reach public projections. */
export type Classification = (typeof CLASSIFICATIONS)[number];

const RANK: Record<Classification, number> = { public: 0, reserved: 1, confidential: 2 };

/**
 * The most restrictive of the classifications given: one reserved part makes the whole reserved;
 * an unknown value counts as confidential; none at all is public. See docs/reserve.md.
 */
export function strictestOf(
  classifications: Iterable<Classification | null | undefined>,
): Classification {
  let strictest: Classification = 'public';
  for (const c of classifications) {
    if (c === null || c === undefined) continue;
    const rank = RANK[c] ?? 2;
    if (rank > RANK[strictest]) strictest = rank === 2 ? 'confidential' : c;
  }
  return strictest;
}

/** Optional classification of a command's free text: absent is fine, anything else must be one. */
export function checkOptionalClassification(field: string, value: unknown): Check {
  return value === undefined || value === null
    ? undefined
    : requireEnum(field, value, CLASSIFICATIONS);
}

/**
 * A means of verification. `sha256` (64 hex) fingerprints the document at `url` so a later
 * change is detectable; it is null only on items upcast from v1 events, which stored bare URLs.
 */
export interface EvidenceItem {
  title: string;
  url: string;
  sha256?: string | null;
  classification: Classification;
  /** Bytes of the file, when hitos keeps it (`url` is `/api/evidence/<sha256>`). */
  size?: number;
  /** The file's media type by content, when hitos keeps it. */
  mediaType?: string;
}

/** Evidence as submitted today: the hash is mandatory (only upcast v1 items lack it). */
export interface EvidenceInput {
  title: string;
  url: string;
  sha256: string;
  classification: Classification;
  /** Filled by the application from hitos's evidence store for a file it keeps. */
  size?: number;
  mediaType?: string;
}

/** The address of a file kept in hitos's evidence store (docs/evidence.md). */
export const STORED_EVIDENCE_URL = /^\/api\/evidence\/([0-9a-f]{64})$/;

/** The hash a url names when it is a file kept in hitos's evidence store, else null. */
export function storedEvidenceHash(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  const match = STORED_EVIDENCE_URL.exec(url);
  return match ? match[1] : null;
}

export const SHA256 = /^[0-9a-f]{64}$/i;

export function checkEvidence(field: string, evidence: unknown): Check {
  return (
    requireArray(field, evidence) ??
    firstError(evidence as EvidenceInput[], (item, i) => {
      const at = `${field}[${i}]`;
      return (
        requireText(`${at}.title`, item?.title) ??
        requireText(`${at}.url`, item?.url) ??
        (typeof item.sha256 === 'string' && SHA256.test(item.sha256)
          ? undefined
          : Errors.evidenceHashInvalid(`${at}.sha256`, item.sha256)) ??
        requireEnum(`${at}.classification`, item.classification, CLASSIFICATIONS) ??
        (item.size === undefined
          ? undefined
          : requireIntegerInRange(`${at}.size`, item.size, 0, Number.MAX_SAFE_INTEGER)) ??
        (item.mediaType === undefined ? undefined : requireText(`${at}.mediaType`, item.mediaType))
      );
    })
  );
}

export function toEvidence(evidence: EvidenceInput[]): EvidenceItem[] {
  return evidence.map(({ title, url, sha256, classification, size, mediaType }) => ({
    title,
    url,
    sha256: sha256.toLowerCase(),
    classification,
    ...(size === undefined ? {} : { size }),
    ...(mediaType === undefined ? {} : { mediaType }),
  }));
}
