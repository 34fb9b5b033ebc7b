import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, SubCommand } from 'nest-commander';
import { generateSignerKey, isValidKeyName, type NoteVerifier } from '@hitos/transparency';
import { badArgument, bilingual, ExitCode } from '../conventions/cli-error';
import { HitosCommand, type CommonOptions } from '../conventions/hitos-command';
import type { Output } from '../conventions/output';
import { remoteToken } from '../store/settings';
import {
  apiBase,
  cosignLatest,
  parseTrust,
  readWitnessKey,
} from './transparency/transparency-client';

interface CosignCommandOptions extends CommonOptions {
  url?: string;
  key?: string;
  token?: string;
  trust?: NoteVerifier;
  newKey?: string;
  out?: string;
}

/**
 * `hitos audit cosign --url … --key <file> --token … [--trust <log key>]`: a witness co-signs
 * the latest checkpoint of a hitos, after verifying it; `--new-key <name> --out <file>` makes a
 * witness key pair.
 */
@SubCommand({
  name: 'cosign',
  description: bilingual(
    'como testigo: verifica el último punto de control de un hitos y lo cofirma; --new-key crea la clave del testigo',
    "as a witness: verifies a hitos's latest checkpoint and co-signs it; --new-key makes the witness's key",
  ),
})
export class AuditCosignCommand extends HitosCommand<CosignCommandOptions> {
  @Option({
    flags: '--url <https://hitos…>',
    description: bilingual('el hitos cuyo registro se cofirma', 'the hitos whose log is co-signed'),
  })
  parseUrl(value: string): string {
    return apiBase(value);
  }

  @Option({
    flags: '--key <archivo>',
    description: bilingual(
      'archivo con la clave de firma del testigo (PRIVATE+KEY+…)',
      "file holding the witness's signer key (PRIVATE+KEY+…)",
    ),
  })
  parseKey(value: string): string {
    return value;
  }

  @Option({
    flags: '--token <token>',
    description: bilingual(
      'token de auditor (si no, HITOS_TOKEN)',
      'an auditor token (else HITOS_TOKEN)',
    ),
  })
  parseToken(value: string): string {
    return value.trim();
  }

  @Option({
    flags: '--trust <clave>',
    description: bilingual(
      'la clave de verificación del registro en que confía el testigo (o un archivo con ella); si no, la que sirve el registro',
      "the log's verifier key the witness trusts (or a file holding it); else the one the log serves",
    ),
  })
  parseTrust(value: string): NoteVerifier {
    return parseTrust(value);
  }

  @Option({
    flags: '--new-key <nombre>',
    description: bilingual(
      'crea un par de claves de testigo con ese nombre (p. ej. testigo.example.org)',
      'makes a witness key pair with that name (e.g. witness.example.org)',
    ),
  })
  parseNewKey(value: string): string {
    if (!isValidKeyName(value)) {
      throw badArgument(
        '--new-key',
        `«${value}» no es un nombre de clave válido (sin espacios ni «+»)`,
        `"${value}" is not a valid key name (no spaces, no "+")`,
      );
    }
    return value;
  }

  @Option({
    flags: '--out <archivo>',
    description: bilingual(
      'con --new-key: dónde escribir la clave de firma (nuevo, solo legible por su dueño)',
      'with --new-key: where to write the signer key (new, readable by its owner only)',
    ),
  })
  parseOut(value: string): string {
    return value;
  }

  protected async execute(options: CosignCommandOptions, output: Output): Promise<ExitCode> {
    if (options.newKey !== undefined) return this.newKey(options, output);
    if (options.out !== undefined) {
      throw badArgument('--out', 'solo va con --new-key', 'goes with --new-key only');
    }
    if (!options.url)
      throw badArgument('--url', 'falta: el hitos a cofirmar', 'missing: the hitos to co-sign');
    if (!options.key)
      throw badArgument('--key', 'falta: la clave del testigo', "missing: the witness's key");
    const token = remoteToken(options.token);
    if (!token) {
      throw badArgument(
        '--token',
        'falta: un token de auditor (o HITOS_TOKEN)',
        'missing: an auditor token (or HITOS_TOKEN)',
      );
    }
    const report = await cosignLatest({
      base: options.url,
      token,
      witness: readWitnessKey(options.key),
      trust: options.trust,
    });
    if (output.json) {
      output.document(report);
      return ExitCode.Ok;
    }
    output.say(
      `${report.witness} cofirmó el punto de control de ${report.treeSize} hojas de ${report.origin}, verificado con ${report.trusted ? 'la clave de confianza' : 'la clave que sirve el registro'} ${report.logKey}`,
      `${report.witness} co-signed the checkpoint of ${report.treeSize} leaves of ${report.origin}, verified with ${report.trusted ? 'the trusted key' : 'the key the log serves'} ${report.logKey}`,
    );
    output.text(report.note.trimEnd());
    return ExitCode.Ok;
  }

  private newKey(options: CosignCommandOptions, output: Output): ExitCode {
    const incompatible = (['url', 'key', 'token', 'trust'] as const).find(
      (o) => options[o] !== undefined,
    );
    if (incompatible) {
      throw badArgument(`--${incompatible}`, 'no va con --new-key', 'does not go with --new-key');
    }
    if (!options.out) {
      throw badArgument(
        '--out',
        'falta: dónde escribir la clave de firma',
        'missing: where to write the signer key',
      );
    }
    const file = resolve(options.out);
    const { signerKey, verifierKey } = generateSignerKey(options.newKey!);
    try {
      writeFileSync(file, `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw badArgument(
        '--out',
        code === 'EEXIST'
          ? `${file} ya existe; no se sobrescribe`
          : `no se pudo escribir ${file}: ${(error as Error).message}`,
        code === 'EEXIST'
          ? `${file} exists; it is not overwritten`
          : `could not write ${file}: ${(error as Error).message}`,
      );
    }
    if (output.json) {
      output.document({ name: options.newKey, verifierKey, signerKeyFile: file });
      return ExitCode.Ok;
    }
    output.note(
      `clave de firma en ${file} (solo su dueño la lee); la clave de verificación, pública:`,
      `signer key in ${file} (readable by its owner only); the verifier key, public:`,
    );
    output.text(verifierKey);
    return ExitCode.Ok;
  }
}
