import { Option, SubCommand } from 'nest-commander';
import { PUBLIC_READER, type Reader } from '@hitos/read-models';
import { badArgument, bilingual, ExitCode } from '../conventions/cli-error';
import type { Output } from '../conventions/output';
import { openStore } from '../store/store-access';
import { StoreCommand, type StoreOptions } from '../store/store-command';
import { hitosClock, UPCASTERS } from './audit-state.command';
import {
  PastProblem,
  commitmentStateDiff,
  parseAskedMoment,
  type AskedMoment,
} from './past/past-state';
import { parseReader } from './reader-option';

interface DiffCommandOptions extends StoreOptions {
  commitment?: string;
  from?: AskedMoment;
  to?: AskedMoment;
  as?: Reader;
}

/**
 * `hitos audit diff --commitment <id> --from <moment> [--to <moment>] [--as …]`: the API's
 * `GET /api/commitments/:id/diff`, computed from the store: the fields that differ and the
 * events recorded in between. Reads only.
 */
@SubCommand({
  name: 'diff',
  description: bilingual(
    'qué cambió en un compromiso entre dos momentos, y los eventos entre ellos (como la API)',
    'what changed in a commitment between two moments, and the events between them (as the API)',
  ),
})
export class AuditDiffCommand extends StoreCommand<DiffCommandOptions> {
  @Option({
    flags: '--commitment <id>',
    required: true,
    description: bilingual('el compromiso', 'the commitment'),
  })
  parseCommitment(value: string): string {
    const trimmed = value.trim();
    if (!trimmed) throw badArgument('--commitment', 'no puede estar vacío', 'must not be empty');
    return trimmed;
  }

  @Option({
    flags: '--from <momento>',
    required: true,
    description: bilingual(
      'desde: fecha AAAA-MM-DD (el final de ese día en Guayaquil), fecha y hora ISO 8601, o posición de $all',
      'from: a YYYY-MM-DD date (the end of that day in Guayaquil), an ISO 8601 date-time, or an $all position',
    ),
  })
  parseFrom(value: string): AskedMoment {
    return parseAskedMoment('--from', value, true);
  }

  @Option({
    flags: '--to <momento>',
    description: bilingual('hasta, como --from; por omisión ahora', 'to, as --from; default now'),
  })
  parseTo(value: string): AskedMoment {
    return parseAskedMoment('--to', value, true);
  }

  @Option({
    flags: '--as <rol[:id]>',
    description: bilingual(
      'leer como este lector (p. ej. auditor, institution:mdt); por omisión el público',
      'read as this reader (e.g. auditor, institution:mdt); default the public',
    ),
  })
  parseAs(value: string): Reader {
    return parseReader(value);
  }

  protected async execute(options: DiffCommandOptions, output: Output): Promise<ExitCode> {
    const opened = await openStore(options, 'read', output);
    try {
      const diff = await commitmentStateDiff(
        {
          store: opened.store,
          upcasters: UPCASTERS(),
          reader: options.as ?? PUBLIC_READER,
          now: hitosClock(options),
        },
        options.commitment!,
        options.from!,
        options.to,
      );
      if (output.json) {
        output.document(diff);
        return ExitCode.Ok;
      }
      const end = (e: any) =>
        `${e.moment ?? (e.requestedPosition ? `#${e.requestedPosition}` : 'now')} → position ${e.position ?? '—'}, revision ${e.revision ?? '—'}${e.exists ? '' : ' (∅)'}`;
      output.text(`${diff.commitmentId}`);
      output.say(`desde ${end(diff.from)}`, `from ${end(diff.from)}`);
      output.say(`hasta ${end(diff.to)}`, `to ${end(diff.to)}`);
      output.say(
        `${diff.changes.length} cambios, ${diff.events.length} eventos entre ambos`,
        `${diff.changes.length} changes, ${diff.events.length} events between`,
      );
      for (const change of diff.changes) {
        output.text(
          `  ${change.change.padEnd(8)} ${change.path}: ${short(change.before)} → ${short(change.after)}`,
        );
      }
      for (const event of diff.events) {
        output.text(
          `  ${event.position.padStart(8)} ${event.recordedAt} ${event.type}${event.withheld ? ' [reservado / withheld]' : ''}  ${event.summary.es} / ${event.summary.en}`,
        );
      }
      return ExitCode.Ok;
    } catch (error) {
      if (error instanceof PastProblem && output.json) output.document(error.toJSON());
      throw error;
    } finally {
      await opened.close();
    }
  }
}

function short(value: unknown): string {
  if (value === undefined) return '∅';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
