/**
 * What an auditor's check of the history can find, and how each finding is told: its kind, its
 * code, where it is (stream, revision, `$all` position, leaf index, tree size) and a message in
 * Spanish and English. Findings hold ids, types, positions and hashes — never an event's data or
 * metadata, so that a report may be shown to whoever may see the log's hashes.
 */

/** What went wrong, in the terms an auditor reports. */
export type FindingKind =
  /** An event's bytes changed: its hash-chain link or its leaf no longer matches its content. */
  | 'bytes-changed'
  /** An event is missing: a revision gap, a leaf the log counted, a truncated log. */
  | 'missing'
  /** Revisions of a stream (or positions of `$all`) that do not increase. */
  | 'out-of-order'
  /** An event written around hitos: no hash-chain link, a broken link, or not where the log has it. */
  | 'written-around'
  /** A stream deleted, tombstoned, truncated or given an expiry. */
  | 'stream-deleted'
  /** A Merkle tree that no longer matches a signed checkpoint, or two checkpoints that disagree. */
  | 'tree-mismatch'
  /**
   * A checkpoint whose signature does not verify with the log's key, or that cannot be read; a
   * witness's co-signature that does not verify with the witness's key.
   */
  | 'bad-signature'
  /** The log served to a watcher is not an extension of the one it trusted. */
  | 'rewritten'
  /** The log's verifier key changed since the watcher first trusted it. */
  | 'key-changed'
  /** Something that could not be checked (not evidence of tampering by itself). */
  | 'unverifiable';

/** Each finding's code (stable, SCREAMING_SNAKE) and the kind it belongs to. */
export const FINDING_KINDS = {
  INTEGRITY_HASH_MISMATCH: 'bytes-changed',
  LEAF_HASH_MISMATCH: 'bytes-changed',
  REVISION_GAP: 'missing',
  LEAF_MISSING: 'missing',
  LOG_TRUNCATED: 'missing',
  REVISION_OUT_OF_ORDER: 'out-of-order',
  POSITION_OUT_OF_ORDER: 'out-of-order',
  NO_INTEGRITY: 'written-around',
  CHAIN_BROKEN: 'written-around',
  NOT_IN_LOG: 'written-around',
  LEAF_UNENCODABLE: 'written-around',
  STREAM_TOMBSTONED: 'stream-deleted',
  STREAM_SOFT_DELETED: 'stream-deleted',
  STREAM_TRUNCATED: 'stream-deleted',
  STREAM_EXPIRING: 'stream-deleted',
  ROOT_MISMATCH: 'tree-mismatch',
  LOG_TREE_MISMATCH: 'tree-mismatch',
  CHECKPOINT_CONFLICT: 'tree-mismatch',
  CHECKPOINT_FIELDS_MISMATCH: 'tree-mismatch',
  SIGNATURE_INVALID: 'bad-signature',
  CHECKPOINT_MALFORMED: 'bad-signature',
  COSIGNATURE_INVALID: 'bad-signature',
  LOG_REWRITTEN: 'rewritten',
  VERIFIER_KEY_CHANGED: 'key-changed',
  CHECKPOINT_NOT_RECOMPUTED: 'unverifiable',
} as const satisfies Record<string, FindingKind>;

export type FindingCode = keyof typeof FINDING_KINDS;

/** A tree head as a finding names it: size and base64 root. */
export interface TreeHeadView {
  treeSize: number;
  root: string;
}

/** Where a checkpoint came from: the store's checkpoint stream, the log's database, the caller. */
export type CheckpointSource = 'store' | 'log-database' | 'trusted' | 'served';

/** What a finding says, besides its message. Every field is optional; none holds content. */
export interface FindingFacts {
  stream?: string;
  /** The event's revision in its stream, in decimal. */
  revision?: string;
  eventId?: string;
  eventType?: string;
  /** The event's `$all` commit position, in decimal. */
  position?: string;
  /** The event's leaf in the transparency log (as the log numbered it, when known). */
  leafIndex?: number;
  /** The tree size of the checkpoint concerned. */
  treeSize?: number;
  /** First and last of a range: revisions of a gap (decimal), or leaves a mismatch lies in. */
  first?: string;
  last?: string;
  /** Hashes: what was recorded (signed, chained) and what the content gives now. */
  expected?: string;
  actual?: string;
  /** Leaves the store holds (for a truncated history). */
  leaves?: number;
  /** Where the checkpoint or the record compared with came from. */
  source?: CheckpointSource;
  /** The tree head a watcher trusted, and the one it was served. */
  trusted?: TreeHeadView;
  served?: TreeHeadView;
  /** The witness whose co-signature is concerned (its key name). */
  witness?: string;
  /** A short technical reason (a parser's or a verifier's), never content. */
  reason?: string;
}

export interface Finding extends FindingFacts {
  kind: FindingKind;
  code: FindingCode;
  /** `tampering` counts against the history (verdict 1); a `notice` does not. */
  severity: 'tampering' | 'notice';
  message: { es: string; en: string };
}

/** A finding of `code` with its facts, its kind, its severity and its bilingual message. */
export function finding(code: FindingCode, facts: FindingFacts = {}): Finding {
  const kind = FINDING_KINDS[code];
  return {
    kind,
    code,
    severity: kind === 'unverifiable' ? 'notice' : 'tampering',
    ...facts,
    message: messageOf(code, facts),
  };
}

/**
 * The exit code a command reports: 0 the history (or the log) checks out, 1 tampering was found,
 * 2 the check could not run (the store or the log unreachable, a bad key, an unreadable trust
 * file). Tampering found before a failure still counts: it is proven either way.
 */
export type Verdict = 0 | 1 | 2;

export const VERDICT = { clean: 0, tampered: 1, couldNotRun: 2 } as const;

export function verdictOf(result: {
  findings: readonly Pick<Finding, 'severity'>[];
  error?: unknown;
}): Verdict {
  if (result.findings.some((f) => f.severity === 'tampering')) return VERDICT.tampered;
  return result.error ? VERDICT.couldNotRun : VERDICT.clean;
}

function whereEs(f: FindingFacts): string {
  const parts: string[] = [];
  if (f.stream !== undefined) parts.push(`flujo ${f.stream}`);
  if (f.revision !== undefined) parts.push(`revisión ${f.revision}`);
  if (f.eventType !== undefined) parts.push(`tipo ${f.eventType}`);
  if (f.eventId !== undefined) parts.push(`id ${f.eventId}`);
  if (f.position !== undefined) parts.push(`posición ${f.position} de $all`);
  if (f.leafIndex !== undefined) parts.push(`hoja ${f.leafIndex}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function whereEn(f: FindingFacts): string {
  const parts: string[] = [];
  if (f.stream !== undefined) parts.push(`stream ${f.stream}`);
  if (f.revision !== undefined) parts.push(`revision ${f.revision}`);
  if (f.eventType !== undefined) parts.push(`type ${f.eventType}`);
  if (f.eventId !== undefined) parts.push(`id ${f.eventId}`);
  if (f.position !== undefined) parts.push(`$all position ${f.position}`);
  if (f.leafIndex !== undefined) parts.push(`leaf ${f.leafIndex}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

const head = (h: TreeHeadView | undefined) => (h ? `${h.treeSize} / ${h.root}` : '?');
const sourceEs: Record<CheckpointSource, string> = {
  store: 'del flujo de checkpoints',
  'log-database': 'de la base del registro',
  trusted: 'de confianza',
  served: 'servido',
};
const sourceEn: Record<CheckpointSource, string> = {
  store: 'from the checkpoint stream',
  'log-database': "from the log's database",
  trusted: 'trusted',
  served: 'served',
};
const because = (f: FindingFacts) => (f.reason ? `: ${f.reason}` : '');

function messageOf(code: FindingCode, f: FindingFacts): { es: string; en: string } {
  const es = whereEs(f);
  const en = whereEn(f);
  const srcEs = f.source ? ` ${sourceEs[f.source]}` : '';
  const srcEn = f.source ? ` ${sourceEn[f.source]}` : '';
  switch (code) {
    case 'INTEGRITY_HASH_MISMATCH':
      return {
        es: `Los bytes del evento cambiaron: su hash de integridad no corresponde a su contenido${es}.`,
        en: `The event's bytes changed: its integrity hash does not match its content${en}.`,
      };
    case 'LEAF_HASH_MISMATCH':
      return {
        es: `Los bytes del evento cambiaron: su hoja no es la que el registro de transparencia guardó${es}.`,
        en: `The event's bytes changed: its leaf is not the one the transparency log recorded${en}.`,
      };
    case 'REVISION_GAP':
      return {
        es: `Faltan eventos: el flujo salta las revisiones ${f.first} a ${f.last}${es}.`,
        en: `Events are missing: the stream skips revisions ${f.first} to ${f.last}${en}.`,
      };
    case 'LEAF_MISSING':
      return {
        es: `Falta un evento que el registro de transparencia contó${es}.`,
        en: `An event the transparency log counted is missing${en}.`,
      };
    case 'LOG_TRUNCATED':
      return {
        es: `El historial fue truncado: un checkpoint${srcEs} cuenta ${f.treeSize} hojas y el almacén tiene ${f.leaves}.`,
        en: `The history was truncated: a checkpoint${srcEn} counts ${f.treeSize} leaves and the store holds ${f.leaves}.`,
      };
    case 'REVISION_OUT_OF_ORDER':
      return {
        es: `Evento fuera de orden: su revisión no sigue a la anterior del flujo (${f.first})${es}.`,
        en: `Event out of order: its revision does not follow the stream's previous one (${f.first})${en}.`,
      };
    case 'POSITION_OUT_OF_ORDER':
      return {
        es: `Evento fuera de orden: su posición en $all no sigue a la anterior (${f.first})${es}.`,
        en: `Event out of order: its $all position does not follow the previous one (${f.first})${en}.`,
      };
    case 'NO_INTEGRITY':
      return {
        es: `Evento escrito por fuera de hitos: no lleva el enlace de integridad${es}.`,
        en: `Event written around hitos: it has no integrity link${en}.`,
      };
    case 'CHAIN_BROKEN':
      return {
        es: `Evento escrito por fuera de hitos: su previousHash no es el hash del evento anterior del flujo${es}.`,
        en: `Event written around hitos: its previousHash is not the hash of the stream's previous event${en}.`,
      };
    case 'NOT_IN_LOG':
      return {
        es: `Evento que el registro de transparencia no tiene en ese lugar: fue insertado en la historia${es}.`,
        en: `Event the transparency log does not have at that place: it was inserted into the history${en}.`,
      };
    case 'LEAF_UNENCODABLE':
      return {
        es: `Evento que no puede ser hoja (valor que JSON no representa)${es}${because(f)}.`,
        en: `Event that cannot be a leaf (a value JSON cannot represent)${en}${because(f)}.`,
      };
    case 'STREAM_TOMBSTONED':
      return {
        es: `Flujo eliminado para siempre (tombstone)${es}.`,
        en: `Stream hard-deleted (tombstoned)${en}.`,
      };
    case 'STREAM_SOFT_DELETED':
      return {
        es: `Flujo eliminado (borrado lógico, $tb en sus metadatos)${es}.`,
        en: `Stream deleted (soft delete, $tb in its metadata)${en}.`,
      };
    case 'STREAM_TRUNCATED':
      return {
        es: `Flujo truncado: sus metadatos ocultan las revisiones anteriores a ${f.first}${es}.`,
        en: `Stream truncated: its metadata hides the revisions before ${f.first}${en}.`,
      };
    case 'STREAM_EXPIRING':
      return {
        es: `Flujo con caducidad ($maxCount o $maxAge): sus eventos pueden desaparecer${es}.`,
        en: `Stream with an expiry ($maxCount or $maxAge): its events may vanish${en}.`,
      };
    case 'ROOT_MISMATCH':
      return {
        es: `El árbol ya no coincide con el checkpoint${srcEs} de ${f.treeSize} hojas: raíz firmada ${f.expected}, recalculada ${f.actual}${rangeEs(f)}.`,
        en: `The tree no longer matches the checkpoint${srcEn} of ${f.treeSize} leaves: signed root ${f.expected}, recomputed ${f.actual}${rangeEn(f)}.`,
      };
    case 'LOG_TREE_MISMATCH':
      return {
        es: `El árbol que guarda la base del registro no coincide en ${f.treeSize} hojas: esperado ${f.expected} (${f.source ? `checkpoint ${sourceEs[f.source]}` : 'recalculado de los eventos'}), guardado ${f.actual}.`,
        en: `The tree the log's database keeps does not match at ${f.treeSize} leaves: expected ${f.expected} (${f.source ? `checkpoint ${sourceEn[f.source]}` : 'recomputed from the events'}), stored ${f.actual}.`,
      };
    case 'CHECKPOINT_CONFLICT':
      return {
        es: `Dos checkpoints firmados de ${f.treeSize} hojas con raíces distintas: ${f.expected} y ${f.actual}.`,
        en: `Two signed checkpoints of ${f.treeSize} leaves with different roots: ${f.expected} and ${f.actual}.`,
      };
    case 'CHECKPOINT_FIELDS_MISMATCH':
      return {
        es: `Un evento de checkpoint dice un tamaño o una raíz distintos de los de su nota firmada${es}.`,
        en: `A checkpoint event states a size or root other than its signed note's${en}.`,
      };
    case 'SIGNATURE_INVALID':
      return {
        es: `Checkpoint${srcEs} cuya firma no verifica con la clave del registro${treeEs(f)}${es}${because(f)}.`,
        en: `Checkpoint${srcEn} whose signature does not verify with the log's key${treeEn(f)}${en}${because(f)}.`,
      };
    case 'COSIGNATURE_INVALID':
      return {
        es: `Co-firma del testigo ${f.witness ?? '?'} que no verifica con su clave sobre el checkpoint del registro${treeEs(f)}${es}${because(f)}.`,
        en: `Co-signature by witness ${f.witness ?? '?'} that does not verify with its key over the log's checkpoint${treeEn(f)}${en}${because(f)}.`,
      };
    case 'CHECKPOINT_MALFORMED':
      return {
        es: `Checkpoint${srcEs} ilegible${treeEs(f)}${es}${because(f)}.`,
        en: `Unreadable checkpoint${srcEn}${treeEn(f)}${en}${because(f)}.`,
      };
    case 'LOG_REWRITTEN':
      return {
        es: `El registro fue reescrito: la cabeza de confianza (${head(f.trusted)}) no es prefijo de la servida (${head(f.served)})${because(f)}.`,
        en: `The log was rewritten: the trusted tree head (${head(f.trusted)}) is not a prefix of the served one (${head(f.served)})${because(f)}.`,
      };
    case 'VERIFIER_KEY_CHANGED':
      return {
        es: `La clave de verificación del registro cambió: de confianza ${f.expected}, servida ${f.actual}.`,
        en: `The log's verifier key changed: trusted ${f.expected}, served ${f.actual}.`,
      };
    case 'CHECKPOINT_NOT_RECOMPUTED':
      return {
        es: `No se pudo recalcular el checkpoint de ${f.treeSize} hojas (apareció demasiado tarde en $all)${es}.`,
        en: `The checkpoint of ${f.treeSize} leaves could not be recomputed (it came too late in $all)${en}.`,
      };
  }
}

const treeEs = (f: FindingFacts) => (f.treeSize !== undefined ? ` de ${f.treeSize} hojas` : '');
const treeEn = (f: FindingFacts) => (f.treeSize !== undefined ? ` of ${f.treeSize} leaves` : '');
const rangeEs = (f: FindingFacts) =>
  f.first !== undefined ? `; el cambio está entre las hojas ${f.first} y ${f.last}` : '';
const rangeEn = (f: FindingFacts) =>
  f.first !== undefined ? `; the change lies in leaves ${f.first} to ${f.last}` : '';
