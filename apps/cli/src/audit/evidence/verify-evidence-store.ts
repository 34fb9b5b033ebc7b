import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { EvidenceStore } from '@hitos/evidence';
import { defaultProjectionsDirectory, projectionFile } from '@hitos/projections';
import { EVIDENCE_FILES, filingsOf } from '@hitos/read-models';

/** An event that cited a file, as the finding names it. */
export interface EvidenceCitation {
  commitmentId: string;
  eventId: string;
  eventType: string;
  reportId: string;
  classification: string;
}

/** A kept evidence file that is not what its name says, or that events cite and is gone. */
export interface EvidenceFileFinding {
  code: 'EVIDENCE_FILE_ALTERED' | 'EVIDENCE_FILE_MISSING';
  sha256: string;
  /** What the bytes hash to now (altered only). */
  actual?: string;
  citedBy: EvidenceCitation[];
  message: { es: string; en: string };
}

export interface EvidenceStoreReport {
  /** Files hashed (those kept, and those cited but missing). */
  files: number;
  bytes: number;
  findings: EvidenceFileFinding[];
  /** Whether the evidence-files read model was there to say which events cite each file. */
  citationsKnown: boolean;
}

/**
 * Every file of the data directory's evidence store hashed again against its name, and every
 * file the events cite looked for (from the evidence-files read model, when the API has built
 * it): a file altered or missing is a finding naming its hash and the commitments and events
 * that cited it. Only reads.
 */
export async function verifyEvidenceStore(options: {
  store: EvidenceStore;
  dataDir: string;
  onFinding?: (finding: EvidenceFileFinding) => void;
  onProgress?: (progress: { files: number; bytes: number; totalBytes: number }) => void;
}): Promise<EvidenceStoreReport> {
  const { store } = options;
  const modelFile = projectionFile(defaultProjectionsDirectory(options.dataDir), EVIDENCE_FILES);
  const db = existsSync(modelFile)
    ? new Database(modelFile, { readonly: true, fileMustExist: true })
    : null;
  try {
    const cited = db
      ? (
          db.prepare(`SELECT DISTINCT sha256 FROM evidence_filing WHERE stored = 1`).all() as {
            sha256: string;
          }[]
        ).map((r) => r.sha256)
      : [];
    const hashes = [...new Set([...(await store.list()), ...cited])].sort();
    const sizes = new Map<string, number | null>();
    for (const sha256 of hashes) sizes.set(sha256, await store.sizeOf(sha256));
    const totalBytes = [...sizes.values()].reduce<number>((a, b) => a + (b ?? 0), 0);
    const findings: EvidenceFileFinding[] = [];
    let files = 0;
    let bytes = 0;
    const citationsOf = (sha256: string): EvidenceCitation[] =>
      db
        ? filingsOf(db, sha256).map((f) => ({
            commitmentId: f.commitmentId,
            eventId: f.eventId,
            eventType: f.eventType,
            reportId: f.reportId,
            classification: f.classification,
          }))
        : [];
    for (const sha256 of hashes) {
      const checked = await store.check(sha256);
      files++;
      bytes += sizes.get(sha256) ?? 0;
      options.onProgress?.({ files, bytes, totalBytes });
      if (checked.status === 'ok') continue;
      const citedBy = citationsOf(sha256);
      const where = citedBy.length
        ? citedBy.map((c) => `${c.commitmentId} ${c.eventType} ${c.eventId}`).join('; ')
        : null;
      const finding: EvidenceFileFinding =
        checked.status === 'missing'
          ? {
              code: 'EVIDENCE_FILE_MISSING',
              sha256,
              citedBy,
              message: {
                es: `Falta el archivo de evidencia ${sha256}${where ? `, citado por ${where}` : ''}.`,
                en: `Evidence file ${sha256} is missing${where ? `, cited by ${where}` : ''}.`,
              },
            }
          : {
              code: 'EVIDENCE_FILE_ALTERED',
              sha256,
              actual: checked.actual,
              citedBy,
              message: {
                es: `El archivo de evidencia ${sha256} fue alterado: su SHA-256 es ${checked.actual}${where ? `; lo citó ${where}` : '; ningún evento conocido lo cita'}.`,
                en: `Evidence file ${sha256} was altered: its SHA-256 is ${checked.actual}${where ? `; cited by ${where}` : '; no known event cites it'}.`,
              },
            };
      findings.push(finding);
      options.onFinding?.(finding);
    }
    return { files, bytes, findings, citationsKnown: db !== null };
  } finally {
    db?.close();
  }
}
