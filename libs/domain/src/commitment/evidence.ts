/** Means of verification, shared by progress reports, submitted reports and the closure. */
import { Errors } from '../kernel/error-catalogue';
import {
  firstError,
  requireArray,
  requireEnum,
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
}

/** Evidence as submitted today: the hash is mandatory (only upcast v1 items lack it). */
export interface EvidenceInput {
  title: string;
  url: string;
  sha256: string;
  classification: Classification;
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
        requireEnum(`${at}.classification`, item.classification, CLASSIFICATIONS)
      );
    })
  );
}

export function toEvidence(evidence: EvidenceInput[]): EvidenceItem[] {
  return evidence.map(({ title, url, sha256, classification }) => ({
    title,
    url,
    sha256: sha256.toLowerCase(),
    classification,
  }));
}
