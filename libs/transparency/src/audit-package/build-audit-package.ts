import { createHash } from 'node:crypto';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { ZipFile } from 'yazl';
import { parseCheckpoint } from '../checkpoint';
import { leafBytes } from '../leaf';
import { leafHash } from '../merkle';
import { parseVerifierKey } from '../note-key';
import { openNote } from '../signed-note';
import { auditPackageReadme } from './package-readme';
import {
  PACKAGE_FILES,
  PACKAGE_FORMAT,
  evidenceFileEntry,
  type PackageEntry,
  type PackageManifest,
  type PackageProof,
  type PackageScope,
} from './package-format';

/** Where the builder reads leaf hashes and proofs from: the log's tree (`treeOf(db)`). */
export interface PackageTree {
  leafHash(index: number): Buffer;
  inclusionProof(index: number, size: number): Buffer[];
}

export interface BuildAuditPackageInput {
  scope: PackageScope;
  /** Whose view the package is (`public`, `auditor`, `institution:mdt`…). */
  reader: string;
  /** hitos's clock: the manifest's `createdAt` and the zip entries' times. */
  createdAt: Date;
  /** A signed checkpoint (C2SP note) whose tree holds every entry. */
  checkpointNote: string;
  /** The log's verifier key, which signed the checkpoint. */
  verifierKey: string;
  /**
   * The scope's events in `$all` order. Called twice (for events.ndjson, then proofs.ndjson),
   * so nothing is held in memory; both passes must give the same entries.
   */
  entries: () => AsyncIterable<PackageEntry> | Iterable<PackageEntry>;
  tree: PackageTree;
  /** trail.csv: its header and its records, one per row of the scope's audit trail. */
  trail: {
    columns: readonly string[];
    records: () => Iterable<string[]> | AsyncIterable<string[]>;
  };
  onProgress?: (progress: { file: string; events: number }) => void;
  /**
   * The public evidence files hitos keeps that the scope's events cite (never a reserved one),
   * each put in as `files/sha256/<hash>` and checked against its hash on the way; `open` gives
   * a file's bytes from the store, or null when it has none.
   */
  evidenceFiles?: { hashes: readonly string[]; open: (sha256: string) => Readable | null };
}

/** The package cannot be built as asked (its checkpoint does not cover it, a leaf differs). */
export class AuditPackageBuildError extends Error {
  override readonly name = 'AuditPackageBuildError';
}

/**
 * Writes the audit package (a zip) to `out`, streamed: each file is produced as the zip takes
 * it, hashed on the way, and the manifest, with every file's SHA-256, comes last. Each event's
 * leaf is recomputed and compared with the log's before it goes in: a package that would not
 * verify is not written. Resolves with the manifest once `out` has taken the whole zip.
 */
export async function buildAuditPackage(
  input: BuildAuditPackageInput,
  out: Writable,
): Promise<PackageManifest> {
  const key = parseVerifierKey(input.verifierKey);
  const checkpoint = parseCheckpoint(openNote(input.checkpointNote, [key]).body);
  const treeSize = checkpoint.size;
  const mtime = input.createdAt;
  const zip = new ZipFile();
  const counts = { events: 0, withheld: 0, trailRows: 0 };
  const hashes: Promise<[string, { sha256: string; bytes: number }]>[] = [];
  const failed = new Promise<never>((_, reject) => zip.on('error', reject));
  failed.catch(() => undefined);

  /** A lazy entry: its stream is made when the zip reaches it, and hashed as it passes. */
  const add = (name: string, make: () => Readable) => {
    let settle!: (value: [string, { sha256: string; bytes: number }]) => void;
    let fail!: (error: Error) => void;
    hashes.push(
      new Promise((resolve, reject) => {
        settle = resolve;
        fail = reject;
      }),
    );
    zip.addReadStreamLazy(name, { mtime, compress: true }, (callback) => {
      const hash = createHash('sha256');
      let bytes = 0;
      const tap = new PassThrough();
      tap.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      tap.on('end', () => settle([name, { sha256: hash.digest('hex'), bytes }]));
      const source = make();
      source.on('error', (error: Error) => {
        fail(error);
        tap.destroy(error);
      });
      source.pipe(tap);
      callback(null, tap);
    });
  };

  const check = (entry: PackageEntry): string => {
    if (!Number.isSafeInteger(entry.leafIndex) || entry.leafIndex >= treeSize) {
      throw new AuditPackageBuildError(
        `el checkpoint (${treeSize} hojas) no cubre la hoja ${entry.leafIndex} / the checkpoint (${treeSize} leaves) does not cover leaf ${entry.leafIndex}`,
      );
    }
    const logged = input.tree.leafHash(entry.leafIndex).toString('base64');
    const own =
      'withheld' in entry
        ? entry.leafHash
        : leafHash(
            leafBytes({
              stream: entry.stream,
              revision: entry.revision,
              id: entry.id,
              type: entry.type,
              data: entry.data,
              metadata: entry.metadata,
            }),
          ).toString('base64');
    if (own !== logged) {
      throw new AuditPackageBuildError(
        `la hoja ${entry.leafIndex} no es la del registro / leaf ${entry.leafIndex} differs from the log's`,
      );
    }
    return logged;
  };

  add(PACKAGE_FILES.readme, () => Readable.from([auditPackageReadme(input.scope)]));
  add(PACKAGE_FILES.events, () =>
    Readable.from(
      (async function* () {
        for await (const entry of input.entries()) {
          check(entry);
          counts.events++;
          if ('withheld' in entry) counts.withheld++;
          if (counts.events % 1000 === 0) {
            input.onProgress?.({ file: PACKAGE_FILES.events, events: counts.events });
          }
          yield `${JSON.stringify(entry)}\n`;
        }
      })(),
      { objectMode: false },
    ),
  );
  add(PACKAGE_FILES.proofs, () =>
    Readable.from(
      (async function* () {
        let n = 0;
        for await (const entry of input.entries()) {
          const proof: PackageProof = {
            leafIndex: entry.leafIndex,
            treeSize,
            leafHash: input.tree.leafHash(entry.leafIndex).toString('base64'),
            proof: input.tree
              .inclusionProof(entry.leafIndex, treeSize)
              .map((h) => h.toString('base64')),
          };
          if (++n % 1000 === 0) input.onProgress?.({ file: PACKAGE_FILES.proofs, events: n });
          yield `${JSON.stringify(proof)}\n`;
        }
      })(),
      { objectMode: false },
    ),
  );
  add(PACKAGE_FILES.trail, () => {
    const records = Readable.from(
      (async function* () {
        for await (const record of input.trail.records()) {
          counts.trailRows++;
          yield record;
        }
      })(),
    );
    return records.pipe(
      stringify({ header: true, columns: [...input.trail.columns], escape_formulas: true }),
    );
  });
  add(PACKAGE_FILES.checkpoint, () => Readable.from([input.checkpointNote]));
  add(PACKAGE_FILES.key, () => Readable.from([`${input.verifierKey}\n`]));
  for (const sha256 of [...new Set(input.evidenceFiles?.hashes ?? [])].sort()) {
    // Opened when the zip reaches it (one file open at a time), checked as it passes.
    add(evidenceFileEntry(sha256), () => {
      const bytes = input.evidenceFiles!.open(sha256);
      if (!bytes) {
        const missing = new PassThrough();
        process.nextTick(() =>
          missing.destroy(
            new AuditPackageBuildError(
              `falta el archivo de evidencia ${sha256} en el almacén / evidence file ${sha256} is missing from the store`,
            ),
          ),
        );
        return missing;
      }
      const hash = createHash('sha256');
      const checked = new PassThrough({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          callback(null, chunk);
        },
        flush(callback) {
          const actual = hash.digest('hex');
          callback(
            actual === sha256
              ? null
              : new AuditPackageBuildError(
                  `el archivo de evidencia ${sha256} fue alterado (su SHA-256 es ${actual}) / evidence file ${sha256} was altered (its SHA-256 is ${actual})`,
                ),
          );
        },
      });
      bytes.on('error', (error) => checked.destroy(error));
      return bytes.pipe(checked);
    });
  }

  const written = pipeline(zip.outputStream as Readable, out);
  written.catch(() => undefined);
  let files: PackageManifest['files'];
  try {
    files = Object.fromEntries(await Promise.race([Promise.all(hashes), failed]));
  } catch (error) {
    // The zip is cut short: `out` is destroyed with the cause, never ended as if whole.
    (zip.outputStream as Readable).destroy(error as Error);
    throw error;
  }
  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    scope: input.scope,
    reader: input.reader,
    createdAt: input.createdAt.toISOString(),
    counts,
    log: {
      origin: checkpoint.origin,
      treeSize,
      root: checkpoint.root.toString('base64'),
      verifierKey: input.verifierKey,
    },
    files,
  };
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), PACKAGE_FILES.manifest, {
    mtime,
    compress: true,
  });
  zip.end();
  await Promise.race([written, failed]);
  return manifest;
}
