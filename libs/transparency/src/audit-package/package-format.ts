/**
 * The audit package: one zip a reader can check offline, with nothing of hitos but its files
 * (see LEEME.md inside, and docs/transparency.md, "Exportar / Export").
 */

/** The files of a package, in the order the zip holds them. */
export const PACKAGE_FILES = {
  readme: 'LEEME.md',
  events: 'events.ndjson',
  proofs: 'proofs.ndjson',
  trail: 'trail.csv',
  checkpoint: 'checkpoint.txt',
  key: 'key.txt',
  manifest: 'manifest.json',
} as const;

export const PACKAGE_FORMAT = 'hitos-audit-package/1';

/**
 * Where the package keeps each public evidence file hitos stores that its events cite:
 * `files/sha256/<sha256>`, the file's bytes as stored (its name is its own SHA-256).
 */
export const EVIDENCE_FILE_PREFIX = 'files/sha256/';
export const evidenceFileEntry = (sha256: string) => `${EVIDENCE_FILE_PREFIX}${sha256}`;

/** What a package covers. */
export interface PackageScope {
  kind: 'commitment' | 'plan';
  id: string;
}

/**
 * An event of `events.ndjson` as stored: the leaf's inputs (stream, revision, id, type, data,
 * metadata: JSON as stored, bytes that are not JSON as base64 strings, absent metadata as {})
 * and where it sits (`$all` position, leaf index).
 */
export interface PackagedEvent {
  leafIndex: number;
  position: string;
  stream: string;
  /** Decimal, as in the leaf. */
  revision: string;
  id: string;
  type: string;
  data: unknown;
  metadata: unknown;
}

/**
 * An event whose content the package's reader may not see: only where it is, its type and its
 * leaf hash (base64), so that its proof still checks and the gap is explicit.
 */
export interface WithheldEvent {
  withheld: true;
  leafIndex: number;
  position: string;
  type: string;
  leafHash: string;
}

export type PackageEntry = PackagedEvent | WithheldEvent;

/** The keys a withheld entry carries: anything else would be content. */
export const WITHHELD_KEYS = ['withheld', 'leafIndex', 'position', 'type', 'leafHash'] as const;

/** One line of `proofs.ndjson`: RFC 6962 inclusion of the event's leaf; hashes in base64. */
export interface PackageProof {
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  proof: string[];
}

export interface PackageManifest {
  format: typeof PACKAGE_FORMAT;
  scope: PackageScope;
  /** Whose view: `public`, or the role (and institution/organization) the package was built as. */
  reader: string;
  /** On hitos's clock. */
  createdAt: string;
  counts: { events: number; withheld: number; trailRows: number };
  log: { origin: string; treeSize: number; root: string; verifierKey: string };
  /** SHA-256 (hex) of every other file of the package. */
  files: Record<string, { sha256: string; bytes: number }>;
}
