import { Option, SubCommand } from 'nest-commander';
import { watchLog, type TreeHeadView, type WatchResult } from '@hitos/transparency';
import { badArgument, bilingual, ExitCode } from '../conventions/cli-error';
import { HitosCommand, type CommonOptions } from '../conventions/hitos-command';
import type { Output } from '../conventions/output';

interface WatchCommandOptions extends CommonOptions {
  url?: string;
  trust?: string;
  key?: string;
}

/**
 * `hitos audit watch --url <hitos> --trust <file>`: the auditor's watch over a remote log, with
 * its public endpoints only (see `watchLog`): exit 0 the log extends what was trusted, 1 it was
 * rewritten or forged (both tree heads named), 2 could not run.
 */
@SubCommand({
  name: 'watch',
  description: bilingual(
    'vigila un registro remoto: guarda el último punto de control verificado y comprueba que el nuevo lo extiende (1 si se reescribió, aun con la clave de firma)',
    'watches a remote log: keeps the last checkpoint verified and checks the new one extends it (1 if it was rewritten, even with the signing key)',
  ),
})
export class AuditWatchCommand extends HitosCommand<WatchCommandOptions> {
  @Option({
    flags: '--url <url>',
    description: bilingual(
      'dónde sirve hitos, p. ej. https://hitos.gob.ec',
      'where hitos is served, e.g. https://hitos.gob.ec',
    ),
    required: true,
  })
  parseUrl(value: string): string {
    try {
      const url = new URL(value);
      if (!['http:', 'https:'].includes(url.protocol)) throw new Error(url.protocol);
    } catch {
      throw badArgument(
        '--url',
        `«${value}» no es una URL http(s)`,
        `"${value}" is not an http(s) URL`,
      );
    }
    return value.replace(/\/+$/, '');
  }

  @Option({
    flags: '--trust <archivo>',
    description: bilingual(
      'archivo JSON con el último punto de control verificado (se crea en la primera ejecución)',
      'JSON file with the last checkpoint verified (created on the first run)',
    ),
    required: true,
  })
  parseTrust(value: string): string {
    return value;
  }

  @Option({
    flags: '--key <clave>',
    description: bilingual(
      'la clave de verificación obtenida por un canal propio (la primera vez se confía en ella, no en la servida)',
      'the verifier key obtained through a channel of your own (trusted on the first run instead of the served one)',
    ),
  })
  parseKey(value: string): string {
    return value.trim();
  }

  protected async execute(options: WatchCommandOptions, output: Output): Promise<ExitCode> {
    const result = await watchLog({
      baseUrl: options.url!,
      trustFile: options.trust!,
      verifierKey: options.key,
    });
    if (output.json) output.document(result);
    else report(result, output);
    return result.verdict;
  }
}

function report(result: WatchResult, output: Output): void {
  const head = (h?: TreeHeadView) => (h ? `${h.treeSize} @ ${h.root}` : '—');
  output.say(`estado: ${result.status}`, `status: ${result.status}`);
  output.say(`confiado: ${head(result.trusted)}`, `trusted: ${head(result.trusted)}`);
  output.say(`servido: ${head(result.served)}`, `served: ${head(result.served)}`);
  for (const finding of result.findings)
    output.text(`✗ ${finding.code}: ${bilingual(finding.message.es, finding.message.en)}`);
  if (result.error) output.say(result.error.es, result.error.en);
  output.say(
    result.trustUpdated ? 'archivo de confianza actualizado' : 'archivo de confianza sin cambios',
    result.trustUpdated ? 'trust file updated' : 'trust file unchanged',
  );
}
