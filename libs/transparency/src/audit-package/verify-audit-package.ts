import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import { decodeBase64 } from '../base64';
import { parseCheckpoint, type Checkpoint } from '../checkpoint';
import { leafBytes } from '../leaf';
import { leafHash, verifyInclusion } from '../merkle';
import { parseVerifierKey, type NoteVerifier } from '../note-key';
import { openNote } from '../signed-note';
import {
  EVIDENCE_FILE_PREFIX,
  PACKAGE_FILES,
  PACKAGE_FORMAT,
  WITHHELD_KEYS,
  type PackageManifest,
} from './package-format';

/** One thing wrong with a package, said in Spanish and English, naming the file and event. */
export interface PackageFinding {
  code:
    | 'MISSING_FILE'
    | 'UNLISTED_FILE'
    | 'FILE_HASH'
    | 'MANIFEST'
    | 'KEY'
    | 'KEY_NOT_TRUSTED'
    | 'CHECKPOINT'
    | 'EVENT'
    | 'LEAF_HASH'
    | 'PROOF'
    | 'WITHHELD_CONTENT'
    | 'EVIDENCE_FILE'
    | 'COUNT';
  file: string;
  /** The event concerned: its line in the file (1-based), leaf index and id when known. */
  event?: { line: number; leafIndex?: number; id?: string };
  message: { es: string; en: string };
}

export interface VerifyAuditPackageResult {
  /** True when nothing was found: every file, signature, leaf and proof checks. */
  ok: boolean;
  /** 0: it verifies; 1: findings; 2: could not be checked (not a readable zip). */
  verdict: 0 | 1 | 2;
  findings: PackageFinding[];
  /** Lines of events.ndjson read, withheld ones included. */
  events: number;
  withheld: number;
  manifest?: PackageManifest;
  checkpoint?: { origin: string; treeSize: number; root: string };
}

export interface VerifyAuditPackageOptions {
  /** The verifier key the auditor trusts: key.txt must be it. */
  trustedKey?: string;
  /** Every 1000 events checked. */
  onProgress?: (events: number) => void;
}

/**
 * Checks an audit package offline, trusting nothing in it but what it can recompute: the
 * manifest's hashes; key.txt (and, given `trustedKey`, that it is that key); the checkpoint's
 * signature with it; each event's leaf recomputed from events.ndjson and equal to its proof's
 * leafHash; each RFC 6962 inclusion proof against the checkpoint's root; withheld entries
 * carrying hashes only. Never throws for a bad package: what is wrong comes back as findings
 * (verdict 1); a file that is not a readable zip gives verdict 2.
 */
export async function verifyAuditPackage(
  zipPath: string,
  options: VerifyAuditPackageOptions = {},
): Promise<VerifyAuditPackageResult> {
  const findings: PackageFinding[] = [];
  const result = (extra: Partial<VerifyAuditPackageResult> = {}): VerifyAuditPackageResult => ({
    ok: findings.length === 0,
    verdict: findings.length === 0 ? 0 : 1,
    findings,
    events: 0,
    withheld: 0,
    ...extra,
  });
  let zip: Zip;
  try {
    zip = await openZip(zipPath);
  } catch (error) {
    return {
      ...result(),
      ok: false,
      verdict: 2,
      findings: [
        {
          code: 'MISSING_FILE',
          file: zipPath,
          message: {
            es: `No se pudo leer el paquete como zip: ${(error as Error).message}`,
            en: `Could not read the package as a zip: ${(error as Error).message}`,
          },
        },
      ],
    };
  }
  try {
    return await check(zip, findings, options, result);
  } finally {
    zip.close();
  }
}

async function check(
  zip: Zip,
  findings: PackageFinding[],
  options: VerifyAuditPackageOptions,
  result: (extra?: Partial<VerifyAuditPackageResult>) => VerifyAuditPackageResult,
): Promise<VerifyAuditPackageResult> {
  const find = (
    code: PackageFinding['code'],
    file: string,
    es: string,
    en: string,
    event?: PackageFinding['event'],
  ) => findings.push({ code, file, ...(event ? { event } : {}), message: { es, en } });

  for (const name of Object.values(PACKAGE_FILES)) {
    if (!zip.entries.has(name))
      find('MISSING_FILE', name, 'Falta el archivo.', 'The file is missing.');
  }

  // The manifest, and every file's hash against it.
  let manifest: PackageManifest | undefined;
  if (zip.entries.has(PACKAGE_FILES.manifest)) {
    try {
      manifest = JSON.parse(
        (await zip.read(PACKAGE_FILES.manifest)).toString('utf8'),
      ) as PackageManifest;
      if (manifest.format !== PACKAGE_FORMAT || typeof manifest.files !== 'object') {
        throw new Error(`format ${JSON.stringify(manifest.format)}`);
      }
    } catch (error) {
      find(
        'MANIFEST',
        PACKAGE_FILES.manifest,
        `El manifiesto no se puede leer: ${(error as Error).message}`,
        `The manifest cannot be read: ${(error as Error).message}`,
      );
      manifest = undefined;
    }
  }
  if (manifest) {
    for (const [name, expected] of Object.entries(manifest.files)) {
      if (!zip.entries.has(name)) {
        if (!Object.values<string>(PACKAGE_FILES).includes(name)) {
          find('MISSING_FILE', name, 'Falta el archivo.', 'The file is missing.');
        }
        continue;
      }
      const actual = await zip.sha256(name);
      if (actual !== expected.sha256) {
        find(
          'FILE_HASH',
          name,
          `Su SHA-256 (${actual}) no es el del manifiesto (${expected.sha256}).`,
          `Its SHA-256 (${actual}) is not the manifest's (${expected.sha256}).`,
        );
      }
    }
    for (const name of zip.entries.keys()) {
      if (name !== PACKAGE_FILES.manifest && !(name in manifest.files)) {
        find(
          'UNLISTED_FILE',
          name,
          'El manifiesto no lo menciona.',
          'The manifest does not list it.',
        );
      }
    }
  }

  // Each evidence file against its own name: the SHA-256 its events cite.
  for (const name of zip.entries.keys()) {
    if (!name.startsWith(EVIDENCE_FILE_PREFIX)) continue;
    const named = name.slice(EVIDENCE_FILE_PREFIX.length);
    const actual = await zip.sha256(name);
    if (actual !== named) {
      find(
        'EVIDENCE_FILE',
        name,
        `El archivo de evidencia no es el que su nombre dice: su SHA-256 es ${actual}.`,
        `The evidence file is not the one its name says: its SHA-256 is ${actual}.`,
      );
    }
  }

  // The key, and the checkpoint it signed.
  let key: NoteVerifier | undefined;
  let keyText: string | undefined;
  if (zip.entries.has(PACKAGE_FILES.key)) {
    keyText = (await zip.read(PACKAGE_FILES.key)).toString('utf8').trim();
    try {
      key = parseVerifierKey(keyText);
    } catch (error) {
      find(
        'KEY',
        PACKAGE_FILES.key,
        `No es una clave de verificación: ${(error as Error).message}`,
        `Not a verifier key: ${(error as Error).message}`,
      );
    }
    if (options.trustedKey !== undefined && keyText !== options.trustedKey.trim()) {
      find(
        'KEY_NOT_TRUSTED',
        PACKAGE_FILES.key,
        `La clave del paquete (${keyText.split('+').slice(0, 2).join('+')}) no es la clave de confianza dada.`,
        `The package's key (${keyText.split('+').slice(0, 2).join('+')}) is not the trusted key given.`,
      );
    }
  }
  let checkpoint: Checkpoint | undefined;
  if (key && zip.entries.has(PACKAGE_FILES.checkpoint)) {
    try {
      const note = await zip.read(PACKAGE_FILES.checkpoint);
      checkpoint = parseCheckpoint(openNote(note, [key]).body);
    } catch (error) {
      find(
        'CHECKPOINT',
        PACKAGE_FILES.checkpoint,
        `El punto de control no se verifica con key.txt: ${(error as Error).message}`,
        `The checkpoint does not verify with key.txt: ${(error as Error).message}`,
      );
    }
  }
  if (manifest && checkpoint) {
    const root = checkpoint.root.toString('base64');
    if (manifest.log?.treeSize !== checkpoint.size || manifest.log?.root !== root) {
      find(
        'MANIFEST',
        PACKAGE_FILES.manifest,
        `El árbol del manifiesto no es el del punto de control (${checkpoint.size}, ${root}).`,
        `The manifest's tree is not the checkpoint's (${checkpoint.size}, ${root}).`,
      );
    }
    if (keyText !== undefined && manifest.log?.verifierKey !== keyText) {
      find(
        'MANIFEST',
        PACKAGE_FILES.manifest,
        'La clave del manifiesto no es la de key.txt.',
        'The manifest’s key is not key.txt’s.',
      );
    }
  }

  // Each event against its proof, line by line, both files streamed side by side.
  let events = 0;
  let withheld = 0;
  if (zip.entries.has(PACKAGE_FILES.events) && zip.entries.has(PACKAGE_FILES.proofs)) {
    const eventLines = lines(await zip.stream(PACKAGE_FILES.events));
    const proofLines = lines(await zip.stream(PACKAGE_FILES.proofs));
    for (let line = 1; ; line++) {
      const [e, p] = await Promise.all([eventLines.next(), proofLines.next()]);
      if (e.done || p.done) {
        if (!e.done || !p.done) {
          find(
            'COUNT',
            e.done ? PACKAGE_FILES.proofs : PACKAGE_FILES.events,
            `Tiene más líneas que ${e.done ? PACKAGE_FILES.events : PACKAGE_FILES.proofs} (desde la ${line}).`,
            `It has more lines than ${e.done ? PACKAGE_FILES.events : PACKAGE_FILES.proofs} (from line ${line}).`,
          );
        }
        break;
      }
      events++;
      if (events % 1000 === 0) options.onProgress?.(events);
      const outcome = checkEvent(line, e.value, p.value, checkpoint, find);
      if (outcome === 'withheld') withheld++;
    }
  }
  if (manifest && (manifest.counts?.events !== events || manifest.counts?.withheld !== withheld)) {
    find(
      'COUNT',
      PACKAGE_FILES.manifest,
      `El manifiesto dice ${manifest.counts?.events} eventos (${manifest.counts?.withheld} reservados); el paquete tiene ${events} (${withheld}).`,
      `The manifest says ${manifest.counts?.events} events (${manifest.counts?.withheld} withheld); the package has ${events} (${withheld}).`,
    );
  }
  return result({
    events,
    withheld,
    ...(manifest ? { manifest } : {}),
    ...(checkpoint
      ? {
          checkpoint: {
            origin: checkpoint.origin,
            treeSize: checkpoint.size,
            root: checkpoint.root.toString('base64'),
          },
        }
      : {}),
  });
}

type Find = (
  code: PackageFinding['code'],
  file: string,
  es: string,
  en: string,
  event?: PackageFinding['event'],
) => void;

function checkEvent(
  line: number,
  eventText: string,
  proofText: string,
  checkpoint: Checkpoint | undefined,
  find: Find,
): 'withheld' | 'event' | 'bad' {
  let event: Record<string, unknown>;
  let proof: { leafIndex?: unknown; treeSize?: unknown; leafHash?: unknown; proof?: unknown };
  try {
    event = JSON.parse(eventText) as Record<string, unknown>;
    if (event === null || typeof event !== 'object' || Array.isArray(event))
      throw new Error('not an object');
  } catch (error) {
    find(
      'EVENT',
      PACKAGE_FILES.events,
      `Línea ilegible: ${(error as Error).message}`,
      `Unreadable line: ${(error as Error).message}`,
      { line },
    );
    return 'bad';
  }
  const leafIndex = typeof event.leafIndex === 'number' ? event.leafIndex : undefined;
  const at = {
    line,
    ...(leafIndex !== undefined ? { leafIndex } : {}),
    ...(typeof event.id === 'string' ? { id: event.id } : {}),
  };
  try {
    proof = JSON.parse(proofText) as typeof proof;
    if (proof === null || typeof proof !== 'object') throw new Error('not an object');
  } catch (error) {
    find(
      'PROOF',
      PACKAGE_FILES.proofs,
      `Línea ilegible: ${(error as Error).message}`,
      `Unreadable line: ${(error as Error).message}`,
      at,
    );
    return 'bad';
  }
  const isWithheld = event.withheld === true;
  let ownHash: string | undefined;
  if (isWithheld) {
    const extra = Object.keys(event).filter(
      (k) => !(WITHHELD_KEYS as readonly string[]).includes(k),
    );
    if (extra.length > 0) {
      find(
        'WITHHELD_CONTENT',
        PACKAGE_FILES.events,
        `Un evento reservado lleva más que hashes: ${extra.join(', ')}.`,
        `A withheld event carries more than hashes: ${extra.join(', ')}.`,
        at,
      );
    }
    ownHash = typeof event.leafHash === 'string' ? event.leafHash : undefined;
  } else {
    try {
      ownHash = leafHash(
        leafBytes({
          stream: event.stream as string,
          revision: event.revision as string,
          id: event.id as string,
          type: event.type as string,
          data: event.data,
          metadata: event.metadata,
        }),
      ).toString('base64');
    } catch (error) {
      find(
        'EVENT',
        PACKAGE_FILES.events,
        `La hoja no se puede calcular: ${(error as Error).message}`,
        `The leaf cannot be computed: ${(error as Error).message}`,
        at,
      );
      return 'bad';
    }
  }
  if (proof.leafIndex !== leafIndex) {
    find(
      'PROOF',
      PACKAGE_FILES.proofs,
      `La prueba es de la hoja ${String(proof.leafIndex)}, el evento es la hoja ${String(leafIndex)}.`,
      `The proof is of leaf ${String(proof.leafIndex)}, the event is leaf ${String(leafIndex)}.`,
      at,
    );
    return 'bad';
  }
  if (ownHash === undefined || ownHash !== proof.leafHash) {
    find(
      'LEAF_HASH',
      PACKAGE_FILES.events,
      isWithheld
        ? 'El hash de la hoja reservada no es el de su prueba.'
        : `La hoja recalculada (${ownHash}) no es la de su prueba (${String(proof.leafHash)}): el evento fue alterado.`,
      isWithheld
        ? 'The withheld leaf hash is not its proof’s.'
        : `The recomputed leaf (${ownHash}) is not its proof's (${String(proof.leafHash)}): the event was altered.`,
      at,
    );
  }
  if (checkpoint) {
    const hashes = Array.isArray(proof.proof)
      ? proof.proof.map((h) => (typeof h === 'string' ? decodeBase64(h) : null))
      : null;
    const leaf = typeof proof.leafHash === 'string' ? decodeBase64(proof.leafHash) : null;
    const ok =
      proof.treeSize === checkpoint.size &&
      leaf !== null &&
      hashes !== null &&
      hashes.every((h) => h !== null) &&
      verifyInclusion(leaf, leafIndex ?? -1, checkpoint.size, hashes as Buffer[], checkpoint.root);
    if (!ok) {
      find(
        'PROOF',
        PACKAGE_FILES.proofs,
        `La prueba de inclusión no llega a la raíz del punto de control (árbol de ${checkpoint.size}).`,
        `The inclusion proof does not reach the checkpoint's root (tree of ${checkpoint.size}).`,
        at,
      );
    }
  }
  return isWithheld ? 'withheld' : 'event';
}

async function* lines(stream: Readable): AsyncGenerator<string> {
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    if (line !== '') yield line;
  }
}

interface Zip {
  entries: Map<string, yauzl.Entry>;
  read(name: string): Promise<Buffer>;
  stream(name: string): Promise<Readable>;
  sha256(name: string): Promise<string>;
  close(): void;
}

async function openZip(path: string): Promise<Zip> {
  const file = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    ),
  );
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    file.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName, entry);
      file.readEntry();
    });
    file.on('end', resolve);
    file.on('error', reject);
    file.readEntry();
  });
  const stream = (name: string) =>
    new Promise<Readable>((resolve, reject) =>
      file.openReadStream(entries.get(name)!, (error, s) => (error ? reject(error) : resolve(s))),
    );
  return {
    entries,
    stream,
    async read(name) {
      const chunks: Buffer[] = [];
      for await (const chunk of await stream(name)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    async sha256(name) {
      const hash = createHash('sha256');
      for await (const chunk of await stream(name)) hash.update(chunk as Buffer);
      return hash.digest('hex');
    },
    close: () => file.close(),
  };
}
