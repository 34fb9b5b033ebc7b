import { Option, SubCommand } from 'nest-commander';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { UpcasterRegistry } from '@hitos/event-store';
import { PUBLIC_READER, type AuditTrailScope, type Reader } from '@hitos/read-models';
import { badArgument, bilingual, ExitCode } from '../conventions/cli-error';
import { parseMoment, type Moment } from '../conventions/moments';
import type { Output } from '../conventions/output';
import { progressBar } from '../conventions/progress';
import { openStore } from '../store/store-access';
import { StoreCommand, type StoreOptions } from '../store/store-command';
import { parseReader } from './reader-option';
import { auditTrailRows } from './trail/audit-trail-stream';
import { TRAIL_FORMATS, trailWriter, type TrailFormat } from './trail/trail-formats';

interface TrailCommandOptions extends StoreOptions {
  commitment?: string;
  plan?: string;
  institution?: string;
  organization?: string;
  correlation?: string;
  from?: Moment;
  to?: Moment;
  format?: TrailFormat;
  bom?: boolean;
  as?: Reader;
}

const SCOPES = ['commitment', 'plan', 'institution', 'organization', 'correlation'] as const;

/**
 * `hitos audit trail`: the audit trail, streamed from the store's `$all` (see
 * auditTrailRows), to stdout as a table, CSV or NDJSON. Reads only: works while the API runs.
 */
@SubCommand({
  name: 'trail',
  description: bilingual(
    'la historia de auditoría desde $all: quién hizo qué y cuándo, con su resumen (funciona con la API en marcha)',
    'the audit trail from $all: who did what and when, with its summary (works while the API runs)',
  ),
})
export class AuditTrailCommand extends StoreCommand<TrailCommandOptions> {
  @Option({
    flags: '--commitment <id>',
    description: bilingual('solo este compromiso', 'only this commitment'),
  })
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
    flags: '--institution <id>',
    description: bilingual(
      'la institución: los suyos y los de los compromisos a su cargo, antes o ahora',
      'the institution: its own and those of the commitments it was or is responsible for',
    ),
  })
  parseInstitution(value: string): string {
    return nonEmpty('--institution', value);
  }

  @Option({
    flags: '--organization <id>',
    description: bilingual(
      'la organización: los suyos y los de los compromisos en que es contraparte',
      'the organization: its own and those of the commitments it is counterpart of',
    ),
  })
  parseOrganization(value: string): string {
    return nonEmpty('--organization', value);
  }

  @Option({
    flags: '--correlation <id>',
    description: bilingual('todo lo que causó una solicitud', 'everything one request caused'),
  })
  parseCorrelation(value: string): string {
    return nonEmpty('--correlation', value);
  }

  @Option({
    flags: '--from <fecha|posición>',
    description: bilingual(
      'desde (incluida): fecha AAAA-MM-DD (Guayaquil), fecha y hora ISO o posición de $all',
      'from (inclusive): YYYY-MM-DD date (Guayaquil), ISO date-time or $all position',
    ),
  })
  parseFrom(value: string): Moment {
    return parseMoment('--from', value, 'start');
  }

  @Option({
    flags: '--to <fecha|posición>',
    description: bilingual(
      'hasta (incluida); una fecha es hasta el final de ese día',
      'to (inclusive); a date means to the end of that day',
    ),
  })
  parseTo(value: string): Moment {
    return parseMoment('--to', value, 'end');
  }

  @Option({
    flags: '--format <csv|ndjson|table>',
    description: bilingual(
      'formato; por omisión table en una terminal, ndjson si no (--json: ndjson)',
      'format; default table on a terminal, ndjson otherwise (--json: ndjson)',
    ),
  })
  parseFormat(value: string): TrailFormat {
    if (!(TRAIL_FORMATS as readonly string[]).includes(value)) {
      throw badArgument(
        '--format',
        `«${value}» no es ${TRAIL_FORMATS.join(', ')}`,
        `"${value}" is not ${TRAIL_FORMATS.join(', ')}`,
      );
    }
    return value as TrailFormat;
  }

  @Option({
    flags: '--bom',
    description: bilingual(
      'CSV con marca de orden de bytes, para hojas de cálculo que la necesitan para las tildes',
      'CSV with a byte order mark, for spreadsheets that need one to read accents',
    ),
  })
  parseBom(): boolean {
    return true;
  }

  @Option({
    flags: '--as <rol[:id]>',
    description: bilingual(
      'leer como este lector (p. ej. auditor, institution:mdt); por omisión el público, que no ve el contenido reservado',
      'read as this reader (e.g. auditor, institution:mdt); default the public, who does not see reserved content',
    ),
  })
  parseAs(value: string): Reader {
    return parseReader(value);
  }

  protected async execute(options: TrailCommandOptions, output: Output): Promise<ExitCode> {
    const scope = scopeOf(options);
    const format = formatOf(options, output);
    const writer = trailWriter(format, {
      bom: options.bom,
      width: output.terminal.stdout.columns,
    });
    const opened = await openStore(options, 'read', output);
    const bar = progressBar(output, bilingual('historia', 'trail'), { streamsToStdout: true });
    let rows = 0;
    let withheld = 0;
    try {
      if (!(await output.write(writer.header()))) return ExitCode.Ok;
      for await (const row of auditTrailRows(opened.store, {
        scope,
        reader: options.as ?? PUBLIC_READER,
        from: options.from,
        to: options.to,
        upcasters: new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS),
        onProgress: ({ events, position, end }) => bar.update({ events, position, end }),
      })) {
        rows++;
        if (row.withheld) withheld++;
        // A reader that went away (`| head`) ends the trail; that is not a failure.
        if (!(await output.write(writer.row(row)))) break;
      }
    } finally {
      bar.stop();
      await opened.close();
    }
    output.note(
      `${rows} eventos, ${withheld} con contenido reservado`,
      `${rows} events, ${withheld} with reserved content`,
    );
    return ExitCode.Ok;
  }
}

function nonEmpty(option: string, value: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw badArgument(option, 'no puede estar vacío', 'must not be empty');
  return trimmed;
}

function scopeOf(options: TrailCommandOptions): AuditTrailScope {
  const given = SCOPES.filter((name) => options[name] !== undefined);
  if (given.length > 1) {
    throw badArgument(
      `--${given[1]}`,
      `una sola historia a la vez (también se dio --${given[0]})`,
      `one trail at a time (--${given[0]} was given too)`,
    );
  }
  switch (given[0]) {
    case 'commitment':
      return { commitmentId: options.commitment! };
    case 'plan':
      return { planId: options.plan! };
    case 'institution':
      return { institutionId: options.institution! };
    case 'organization':
      return { organizationId: options.organization! };
    case 'correlation':
      return { correlationId: options.correlation! };
    default:
      return { all: true };
  }
}

function formatOf(options: TrailCommandOptions, output: Output): TrailFormat {
  if (output.json) {
    if (options.format !== undefined && options.format !== 'ndjson') {
      throw badArgument(
        '--format',
        `--json escribe ndjson, no ${options.format}`,
        `--json writes ndjson, not ${options.format}`,
      );
    }
    return 'ndjson';
  }
  return options.format ?? (output.terminal.stdout.isTTY ? 'table' : 'ndjson');
}
