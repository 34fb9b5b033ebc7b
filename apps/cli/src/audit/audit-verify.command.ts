import { readFileSync } from 'node:fs';
import { Option, SubCommand } from 'nest-commander';
import {
  logVerifierKey,
  openLogDatabase,
  parseVerifierKey,
  verifyAuditPackage,
  verifyHistory,
  type Finding,
} from '@hitos/transparency';
import { EvidenceStore } from '@hitos/evidence';
import { badArgument, bilingual, CliError, ExitCode } from '../conventions/cli-error';
import type { Output } from '../conventions/output';
import { progressBar } from '../conventions/progress';
import { appSettings } from '../store/settings';
import { openStore } from '../store/store-access';
import { StoreCommand, type StoreOptions } from '../store/store-command';
import { verifyEvidenceStore } from './evidence/verify-evidence-store';

interface VerifyCommandOptions extends StoreOptions {
  key?: string;
  checkpoint?: string[];
  package?: string;
}

/**
 * `hitos audit verify`: walks the whole store as an auditor would and reports every sign of
 * tampering (see `verifyHistory`), then hashes every file of the data directory's evidence
 * store against its name (see `verifyEvidenceStore`): exit 0 clean, 1 tampered, 2 could not
 * run. Reads only: works while the API runs.
 */
@SubCommand({
  name: 'verify',
  description: bilingual(
    'recorre toda la historia y nombra cada evento alterado, faltante, desordenado o escrito por fuera de hitos, y cada árbol o punto de control que ya no coincide (0 limpia, 1 alterada, 2 no se pudo)',
    'walks the whole history and names each event changed, missing, out of order or written around hitos, and each tree or checkpoint that no longer matches (0 clean, 1 tampered, 2 could not run)',
  ),
})
export class AuditVerifyCommand extends StoreCommand<VerifyCommandOptions> {
  @Option({
    flags: '--key <clave|archivo>',
    description: bilingual(
      'la clave de verificación publicada del registro (o un archivo que la contiene); por omisión la del directorio de datos, que solo prueba que la historia coincide con quien lo tiene',
      "the log's published verifier key (or a file holding it); default the data directory's, which only proves the history matches whoever holds it",
    ),
  })
  parseKey(value: string): string {
    const key = value.includes('+') ? value.trim() : readText('--key', value);
    try {
      parseVerifierKey(key);
    } catch (error) {
      throw badArgument('--key', (error as Error).message, (error as Error).message);
    }
    return key;
  }

  @Option({
    flags: '--checkpoint <archivo>',
    description: bilingual(
      'un punto de control firmado guardado por usted (repetible): se comprueba como los del registro',
      'a signed checkpoint you kept (repeatable): checked like the log’s own',
    ),
  })
  parseCheckpoint(value: string, previous: string[] = []): string[] {
    return [...previous, readText('--checkpoint', value)];
  }

  @Option({
    flags: '--package <zip>',
    description: bilingual(
      'comprobar sin conexión un paquete de auditoría sellado (hitos audit export) en vez del almacén; con --key, que lo firmó esa clave',
      'check a sealed audit package (hitos audit export) offline instead of the store; with --key, that it was signed by that key',
    ),
  })
  parsePackage(value: string): string {
    return value;
  }

  protected async execute(options: VerifyCommandOptions, output: Output): Promise<ExitCode> {
    if (options.package) return this.verifyPackage(options.package, options.key, output);
    const settings = appSettings(options);
    const verifierKey =
      options.key ?? logVerifierKey({ key: settings.transparencyKey }, settings.dataDir);
    if (!verifierKey) {
      throw new CliError(
        'falta la clave de verificación: dé --key (la publicada en /api/transparency/key)',
        'the verifier key is missing: give --key (the one published at /api/transparency/key)',
      );
    }
    if (!options.key) {
      output.note(
        'se usa la clave del directorio de datos; con --key, la publicada, la prueba no depende de él',
        'using the data directory’s key; with --key, the published one, the proof does not depend on it',
      );
    }
    const opened = await openStore(options, 'read', output);
    const db = openLogDatabase(opened.dataDir);
    const bar = progressBar(output, bilingual('verificación', 'verification'));
    let end = 0n;
    try {
      end = (await opened.store.endOfAll())?.commit ?? 0n;
      const report = await verifyHistory({
        store: opened.store,
        verifierKey,
        db: db ?? undefined,
        trustedCheckpoints: options.checkpoint,
        onFinding: (finding) => {
          if (!output.json) output.text(describe(finding));
        },
        onProgress: (progress) =>
          bar.update({
            events: progress.eventsRead,
            position: BigInt(progress.position ?? '0'),
            end,
          }),
      });
      bar.stop();
      const files = progressBar(output, bilingual('archivos de evidencia', 'evidence files'));
      const evidence = await verifyEvidenceStore({
        store: EvidenceStore.in(opened.dataDir),
        dataDir: opened.dataDir,
        onFinding: (finding) => {
          if (!output.json) {
            output.text(`✗ ${finding.code}: ${bilingual(finding.message.es, finding.message.en)}`);
          }
        },
        onProgress: (progress) =>
          files.update({
            events: progress.files,
            position: BigInt(progress.bytes),
            end: BigInt(progress.totalBytes),
          }),
      }).finally(() => files.stop());
      const verdict: ExitCode =
        report.verdict === 0 && evidence.findings.length > 0 ? 1 : report.verdict;
      if (output.json) output.document({ ...report, verdict, evidence });
      else {
        output.say(
          `${report.eventsRead} eventos leídos, ${report.leaves} hojas, ${report.checkpointsChecked} puntos de control comprobados, ${report.findings.length + report.findingsOmitted} hallazgos`,
          `${report.eventsRead} events read, ${report.leaves} leaves, ${report.checkpointsChecked} checkpoints checked, ${report.findings.length + report.findingsOmitted} findings`,
        );
        if (report.error) output.say(report.error.es, report.error.en);
        output.say(
          `${evidence.files} archivos de evidencia comprobados (${evidence.bytes} bytes), ${evidence.findings.length} alterados o faltantes${evidence.citationsKnown ? '' : ' (sin el modelo evidence-files: no se sabe qué eventos los citan)'}`,
          `${evidence.files} evidence files checked (${evidence.bytes} bytes), ${evidence.findings.length} altered or missing${evidence.citationsKnown ? '' : ' (no evidence-files model: which events cite them is unknown)'}`,
        );
        output.say(
          verdict === 0
            ? 'historia íntegra'
            : verdict === 1
              ? 'historia ALTERADA'
              : 'no se pudo verificar',
          verdict === 0
            ? 'history intact'
            : verdict === 1
              ? 'history TAMPERED'
              : 'could not verify',
        );
      }
      return verdict;
    } finally {
      bar.stop();
      db?.close();
      await opened.close();
    }
  }

  /** `--package`: the zip checked offline, as any auditor can without hitos (exit = verdict). */
  private async verifyPackage(
    zip: string,
    key: string | undefined,
    output: Output,
  ): Promise<ExitCode> {
    const report = await verifyAuditPackage(zip, { trustedKey: key });
    if (output.json) output.document(report);
    else {
      for (const finding of report.findings) output.text(describePackageFinding(finding));
      output.say(
        `${report.events} eventos (${report.withheld} reservados), ${report.findings.length} hallazgos: ${report.ok ? 'paquete íntegro' : 'paquete ALTERADO o ilegible'}`,
        `${report.events} events (${report.withheld} withheld), ${report.findings.length} findings: ${report.ok ? 'package intact' : 'package TAMPERED or unreadable'}`,
      );
    }
    return report.verdict;
  }
}

/** One line per finding: where, then what, in both languages. */
function describePackageFinding(finding: {
  code: string;
  file: string;
  event?: { line: number; leafIndex?: number; id?: string };
  message: { es: string; en: string };
}): string {
  const where = [
    finding.file,
    finding.event && `línea/line ${finding.event.line}`,
    finding.event?.leafIndex !== undefined && `hoja/leaf ${finding.event.leafIndex}`,
  ]
    .filter(Boolean)
    .join(' · ');
  return `✗ ${finding.code} [${where}]: ${bilingual(finding.message.es, finding.message.en)}`;
}

function describe(finding: Finding): string {
  const where = [
    finding.stream && `${finding.stream}@${finding.revision ?? '?'}`,
    finding.position && `pos ${finding.position}`,
    finding.leafIndex !== undefined && `hoja/leaf ${finding.leafIndex}`,
    finding.treeSize !== undefined && `árbol/tree ${finding.treeSize}`,
  ]
    .filter(Boolean)
    .join(' · ');
  return `${finding.severity === 'tampering' ? '✗' : '·'} ${finding.code}${where ? ` [${where}]` : ''}: ${bilingual(finding.message.es, finding.message.en)}`;
}

function readText(option: string, file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw badArgument(
      option,
      `no se pudo leer ${file}: ${(error as Error).message}`,
      `could not read ${file}: ${(error as Error).message}`,
    );
  }
}
