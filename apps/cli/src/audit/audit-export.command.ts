import { createWriteStream, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Option, SubCommand } from 'nest-commander';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { SystemClock, UpcasterRegistry } from '@hitos/event-store';
import { EvidenceStore } from '@hitos/evidence';
import { projectionFile } from '@hitos/projections';
import {
  HITOS_STREAM_PREFIXES,
  PUBLIC_READER,
  auditTrailProjection,
  evidenceFilesProjection,
  type Reader,
} from '@hitos/read-models';
import {
  CheckpointSigner,
  SIGNING_KEY_FILE,
  buildAuditPackage,
  hitosPackageSource,
  latestCheckpoint,
  packageCoverage,
  publicEvidenceOfScope,
  readerLabel,
  resolveLogIdentity,
  transparencyLogProjection,
  treeOf,
  type PackageScope,
} from '@hitos/transparency';
import { badArgument, bilingual, CliError, ExitCode } from '../conventions/cli-error';
import type { Output } from '../conventions/output';
import { progressBar } from '../conventions/progress';
import { appSettings } from '../store/settings';
import { openStore } from '../store/store-access';
import { StoreCommand, type StoreOptions } from '../store/store-command';
import { parseReader } from './reader-option';
import { replayUntil } from './replay/replay';

interface ExportCommandOptions extends StoreOptions {
  commitment?: string;
  plan?: string;
  out: string;
  as?: Reader;
}

/**
 * `hitos audit export --commitment <id> | --plan <id> --out <file.zip> [--as …]`: the sealed
 * audit package (see docs/transparency.md, "Exportar / Export"). The audit trail and the
 * transparency log are rebuilt from `$all` into a private temporary directory, so the package
 * does not depend on the API's models being current; when no signed checkpoint covers the
 * scope, one is signed with the log's key (configured, or the data directory's) and appended to
 * the checkpoint stream, as the API does. Works while the API runs.
 */
@SubCommand({
  name: 'export',
  description: bilingual(
    'paquete de auditoría sellado (zip) de un compromiso o un plan: eventos, pruebas, punto de control firmado, clave, historia y manifiesto',
    'a sealed audit package (zip) of a commitment or a plan: events, proofs, signed checkpoint, key, trail and manifest',
  ),
})
export class AuditExportCommand extends StoreCommand<ExportCommandOptions> {
  @Option({ flags: '--commitment <id>', description: bilingual('el compromiso', 'the commitment') })
  parseCommitment(value: string): string {
    return nonEmpty('--commitment', value);
  }

  @Option({
    flags: '--plan <id>',
    description: bilingual(
      'el plan: sus eventos y los de sus compromisos',
      'the plan: its events and its commitments’',
    ),
  })
  parsePlan(value: string): string {
    return nonEmpty('--plan', value);
  }

  @Option({
    flags: '--out <archivo.zip>',
    required: true,
    description: bilingual(
      'el zip a escribir (no debe existir)',
      'the zip to write (must not exist)',
    ),
  })
  parseOut(value: string): string {
    return nonEmpty('--out', value);
  }

  @Option({
    flags: '--as <rol[:id]>',
    description: bilingual(
      'construirlo para este lector (p. ej. auditor, institution:mdt); por omisión el público: el contenido reservado va solo como hash',
      'build it for this reader (e.g. auditor, institution:mdt); default the public: reserved content goes as its hash only',
    ),
  })
  parseAs(value: string): Reader {
    return parseReader(value);
  }

  protected async execute(options: ExportCommandOptions, output: Output): Promise<ExitCode> {
    const scope = scopeOf(options);
    const out = resolve(options.out);
    if (existsSync(out)) {
      throw badArgument('--out', `${out} ya existe`, `${out} already exists`);
    }
    if (!existsSync(dirname(out))) {
      throw badArgument('--out', `no existe ${dirname(out)}`, `${dirname(out)} does not exist`);
    }
    const settings = appSettings(options);
    const reader = options.as ?? PUBLIC_READER;
    const opened = await openStore(options, 'read', output);
    // The rebuilt models hold reserved content: a directory of the owner's only.
    const work = mkdtempSync(join(tmpdir(), 'hitos-export-'));
    const partial = `${out}.partial`;
    const bar = progressBar(output, bilingual('modelos', 'models'));
    try {
      const end = (await opened.store.endOfAll())?.commit ?? 0n;
      const until = { kind: 'position' as const, commit: end, text: String(end) };
      output.note('Leyendo $all…', 'Reading $all…');
      await replayUntil({
        store: opened.store,
        projections: [auditTrailProjection, evidenceFilesProjection],
        directory: work,
        until,
        upcasters: new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS),
        streamPrefixes: HITOS_STREAM_PREFIXES,
        onProgress: (mark) => bar.update(mark),
      });
      // The log as the API keeps it: every stream, events as stored.
      await replayUntil({
        store: opened.store,
        projections: [transparencyLogProjection],
        directory: work,
        until,
        streamPrefixes: [''],
        onProgress: (mark) => bar.update(mark),
      });
      bar.stop();
      const trailDb = new Database(projectionFile(work, auditTrailProjection.name));
      const logDb = new Database(projectionFile(work, transparencyLogProjection.name));
      const filesDb = new Database(projectionFile(work, evidenceFilesProjection.name));
      try {
        const source = { store: opened.store, trailDb, logDb, scope, reader };
        const coverage = packageCoverage(source);
        if (coverage.rows === 0) {
          throw new CliError(
            `no hay eventos de ${scope.kind === 'commitment' ? 'el compromiso' : 'el plan'} ${scope.id}`,
            `there are no events of ${scope.kind} ${scope.id}`,
          );
        }
        const identity = logIdentity(settings);
        let note = latestCheckpoint(logDb)?.note;
        let treeSize = latestCheckpoint(logDb)?.treeSize ?? 0;
        if (coverage.lastLeaf !== null && coverage.lastLeaf >= treeSize) {
          const tree = treeOf(logDb);
          const signed = await new CheckpointSigner({
            store: opened.store,
            signer: identity.signer,
            origin: identity.origin,
            treeHead: () => ({ size: tree.size(), root: tree.root() }),
            lastCheckpointSize: () => latestCheckpoint(logDb)?.treeSize ?? null,
            now: () => clockOf(settings).now(),
          }).signIfGrown();
          if (!signed) {
            throw new CliError(
              'otro proceso firmó un punto de control a la vez; vuelva a intentarlo',
              'another process signed a checkpoint at the same time; try again',
            );
          }
          note = signed.checkpoint.note;
          treeSize = signed.checkpoint.treeSize;
          output.note(
            `Punto de control firmado: ${treeSize} hojas`,
            `Checkpoint signed: ${treeSize} leaves`,
          );
        }
        output.note(`Escribiendo ${out}…`, `Writing ${out}…`);
        const manifest = await buildAuditPackage(
          {
            scope,
            reader: readerLabel(reader),
            createdAt: clockOf(settings).now(),
            checkpointNote: note!,
            verifierKey: identity.signer.verifierKey,
            ...hitosPackageSource(source, treeSize),
            // The public files its commitments cite, from the data directory's evidence store.
            evidenceFiles: {
              hashes: publicEvidenceOfScope(trailDb, filesDb, scope),
              open: (sha256) => EvidenceStore.in(settings.dataDir).readStream(sha256),
            },
            onProgress: ({ file, events }) =>
              output.note(`${file}: ${events} eventos`, `${file}: ${events} events`),
          },
          createWriteStream(partial, { mode: 0o600, flags: 'wx' }),
        );
        renameSync(partial, out);
        if (output.json) {
          output.document(manifest);
        } else {
          output.say(
            `Paquete de auditoría en ${out}: ${manifest.counts.events} eventos (${manifest.counts.withheld} reservados), árbol de ${manifest.log.treeSize} hojas, raíz ${manifest.log.root}`,
            `Audit package in ${out}: ${manifest.counts.events} events (${manifest.counts.withheld} withheld), tree of ${manifest.log.treeSize} leaves, root ${manifest.log.root}`,
          );
          output.say(
            `Compruébelo con: hitos audit verify --package ${out}`,
            `Check it with: hitos audit verify --package ${out}`,
          );
        }
        return ExitCode.Ok;
      } finally {
        trailDb.close();
        logDb.close();
        filesDb.close();
      }
    } finally {
      bar.stop();
      rmSync(partial, { force: true });
      rmSync(work, { recursive: true, force: true });
      await opened.close();
    }
  }
}

/** The log's key: configured, or the data directory's; never a new one made here. */
function logIdentity(settings: ReturnType<typeof appSettings>) {
  if (!settings.transparencyKey && !existsSync(join(settings.dataDir, SIGNING_KEY_FILE))) {
    throw new CliError(
      `no hay clave del registro (HITOS_TRANSPARENCY_KEY ni ${join(settings.dataDir, SIGNING_KEY_FILE)})`,
      `no log key (neither HITOS_TRANSPARENCY_KEY nor ${join(settings.dataDir, SIGNING_KEY_FILE)})`,
    );
  }
  return resolveLogIdentity(
    { key: settings.transparencyKey, origin: settings.transparencyOrigin },
    settings.dataDir,
  );
}

const clockOf = (settings: ReturnType<typeof appSettings>) =>
  new SystemClock({ offsetMs: settings.clockOffsetMs, startAt: settings.clockStartAt });

function nonEmpty(option: string, value: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw badArgument(option, 'no puede estar vacío', 'must not be empty');
  return trimmed;
}

function scopeOf(options: ExportCommandOptions): PackageScope {
  if ((options.commitment === undefined) === (options.plan === undefined)) {
    throw badArgument(
      '--commitment',
      'indique uno: --commitment <id> o --plan <id>',
      'give one: --commitment <id> or --plan <id>',
    );
  }
  return options.commitment !== undefined
    ? { kind: 'commitment', id: options.commitment }
    : { kind: 'plan', id: options.plan! };
}
