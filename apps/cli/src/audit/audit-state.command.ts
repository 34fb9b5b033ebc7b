import { Option, SubCommand } from 'nest-commander';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { SystemClock, UpcasterRegistry } from '@hitos/event-store';
import { defaultProjectionsDirectory } from '@hitos/projections';
import {
  FoldCache,
  FoldCheckpointFile,
  PUBLIC_READER,
  foldCheckpointsFile,
  type AsOfBlock,
  type Reader,
} from '@hitos/read-models';
import { badArgument, bilingual, ExitCode } from '../conventions/cli-error';
import type { Output } from '../conventions/output';
import { appSettings } from '../store/settings';
import { openStore } from '../store/store-access';
import { StoreCommand, type StoreOptions } from '../store/store-command';
import {
  PastProblem,
  commitmentState,
  institutionState,
  parseAskedMoment,
  parseHappenedBy,
  parsePosition,
  pastRequest,
  planState,
  type AskedMoment,
  type PastContext,
} from './past/past-state';
import { parseReader } from './reader-option';

interface StateCommandOptions extends StoreOptions {
  commitment?: string;
  plan?: string;
  institution?: string;
  asOf?: AskedMoment;
  asOfPosition?: bigint;
  asHappenedBy?: string;
  as?: Reader;
}

/** hitos's clock as the API makes it (HITOS_CLOCK_OFFSET, HITOS_CLOCK_START). */
export function hitosClock(options: StoreOptions): () => Date {
  const settings = appSettings(options);
  const clock = new SystemClock({
    offsetMs: settings.clockOffsetMs,
    startAt: settings.clockStartAt,
  });
  return () => clock.now();
}

export const UPCASTERS = () =>
  new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS);

/**
 * `hitos audit state --commitment|--plan|--institution <id> [--as-of …|--as-of-position …]
 * [--as-happened-by …] [--as …]`: the API's past views (the commitment, the plan's dashboard,
 * the institution's portfolio), computed from the store by the read-models library. Reads only.
 */
@SubCommand({
  name: 'state',
  description: bilingual(
    'un compromiso, el tablero de un plan o la cartera de una institución tal como hitos los conocía en un momento (como la API con asOf)',
    "a commitment, a plan's dashboard or an institution's portfolio as hitos knew them at a moment (as the API with asOf)",
  ),
})
export class AuditStateCommand extends StoreCommand<StateCommandOptions> {
  @Option({ flags: '--commitment <id>', description: bilingual('un compromiso', 'a commitment') })
  parseCommitment(value: string): string {
    return nonEmpty('--commitment', value);
  }

  @Option({
    flags: '--plan <id>',
    description: bilingual('el tablero de un plan', "a plan's dashboard"),
  })
  parsePlan(value: string): string {
    return nonEmpty('--plan', value);
  }

  @Option({
    flags: '--institution <id>',
    description: bilingual('la cartera de una institución', "an institution's portfolio"),
  })
  parseInstitution(value: string): string {
    return nonEmpty('--institution', value);
  }

  @Option({
    flags: '--as-of <fecha>',
    description: bilingual(
      'lo que hitos sabía entonces: fecha AAAA-MM-DD (el final de ese día en Guayaquil) o fecha y hora ISO 8601',
      'what hitos knew then: a YYYY-MM-DD date (the end of that day in Guayaquil) or an ISO 8601 date-time',
    ),
  })
  parseAsOf(value: string): AskedMoment {
    return parseAskedMoment('--as-of', value, false);
  }

  @Option({
    flags: '--as-of-position <posición>',
    description: bilingual(
      'lo que hitos sabía en esa posición de $all',
      'what hitos knew at that $all position',
    ),
  })
  parseAsOfPosition(value: string): bigint {
    return parsePosition('--as-of-position', value);
  }

  @Option({
    flags: '--as-happened-by <fecha>',
    description: bilingual(
      'solo lo ocurrido hasta esa fecha AAAA-MM-DD (inclusive)',
      'only what had happened by that YYYY-MM-DD date (inclusive)',
    ),
  })
  parseAsHappenedBy(value: string): string {
    return parseHappenedBy('--as-happened-by', value);
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

  protected async execute(options: StateCommandOptions, output: Output): Promise<ExitCode> {
    const given = (['commitment', 'plan', 'institution'] as const).filter(
      (name) => options[name] !== undefined,
    );
    if (given.length !== 1) {
      throw badArgument(
        given.length === 0 ? '--commitment' : `--${given[1]}`,
        'dé uno de --commitment, --plan o --institution',
        'give one of --commitment, --plan or --institution',
      );
    }
    const opened = await openStore(options, 'read', output);
    // The API's fold checkpoints, when its data directory has them: read, never written here.
    const checkpoints = FoldCheckpointFile.openReadonly(
      foldCheckpointsFile(defaultProjectionsDirectory(opened.dataDir)),
    );
    const folds = checkpoints
      ? new FoldCache(2, appSettings(options).timeTravelCheckpointEvery, checkpoints)
      : undefined;
    try {
      const context: PastContext = {
        store: opened.store,
        upcasters: UPCASTERS(),
        reader: options.as ?? PUBLIC_READER,
        now: hitosClock(options),
        ...(folds ? { folds } : {}),
      };
      const request = await pastRequest(context, {
        asOf: options.asOf,
        asOfPosition: options.asOfPosition,
        happenedBy: options.asHappenedBy,
      });
      const view = options.commitment
        ? await commitmentState(context, options.commitment, request)
        : options.plan
          ? await planState(context, options.plan, request)
          : await institutionState(context, options.institution!, request);
      if (output.json) output.document(view);
      else summarize(view, options, output);
      return ExitCode.Ok;
    } catch (error) {
      if (error instanceof PastProblem && output.json) output.document(error.toJSON());
      throw error;
    } finally {
      folds?.close();
      checkpoints?.close();
      await opened.close();
    }
  }
}

/** A few lines for a person; `--json` gives the whole view. */
function summarize(view: Record<string, any>, options: StateCommandOptions, output: Output): void {
  const asOf = view.asOf as AsOfBlock;
  const when = [
    asOf.moment ? `asOf ${asOf.moment}` : null,
    asOf.requestedPosition ? `asOfPosition ${asOf.requestedPosition}` : null,
    asOf.happenedBy ? `asHappenedBy ${asOf.happenedBy}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  output.say(
    `${when ? `Según ${when}` : 'Ahora'} (${asOf.view}): ${asOf.events} eventos aplicados, ${asOf.notYetHappened} aún no ocurridos; cite la posición ${asOf.position ?? '—'}`,
    `${when ? `As of ${when}` : 'Now'} (${asOf.view}): ${asOf.events} events folded, ${asOf.notYetHappened} not yet happened; cite position ${asOf.position ?? '—'}`,
  );
  if (options.commitment) {
    output.text(`${view.commitmentId}: ${view.title}`);
    output.say(
      `estado ${view.status}, avance ${view.progress}%, revisión ${view.revision}, ${view.milestones?.length ?? 0} hitos`,
      `status ${view.status}, progress ${view.progress}%, revision ${view.revision}, ${view.milestones?.length ?? 0} milestones`,
    );
    output.say(
      `responsable ${view.responsible?.institutionId ?? '—'}; contenido reservado retenido: ${view.withheldEvidence} evidencias, ${view.withheldReports} informes, ${view.withheldTexts ?? 0} textos`,
      `responsible ${view.responsible?.institutionId ?? '—'}; reserved content withheld: ${view.withheldEvidence} evidence items, ${view.withheldReports} reports, ${view.withheldTexts ?? 0} texts`,
    );
    for (const m of view.milestones ?? []) {
      output.text(`  ${m.milestoneId}  ${m.status ?? ''}  ${m.lastEndorsedPercent ?? 0}%`);
    }
  } else if (options.plan) {
    output.text(`${view.planId}: ${view.title ?? '—'}`);
    output.say(
      `${view.commitments} compromisos, avance ${view.overallProgress ?? '—'}, por estado ${JSON.stringify(view.byStatus)}`,
      `${view.commitments} commitments, progress ${view.overallProgress ?? '—'}, by status ${JSON.stringify(view.byStatus)}`,
    );
  } else {
    output.text(`${view.institutionId}`);
    output.say(
      `${view.commitments?.total ?? view.commitments?.items?.length ?? 0} compromisos, avance medio ${view.meanProgress ?? '—'}, por estado ${JSON.stringify(view.byStatus)}, ${view.incomingHandovers?.length ?? 0} traspasos por recibir`,
      `${view.commitments?.total ?? view.commitments?.items?.length ?? 0} commitments, mean progress ${view.meanProgress ?? '—'}, by status ${JSON.stringify(view.byStatus)}, ${view.incomingHandovers?.length ?? 0} incoming handovers`,
    );
    for (const item of view.commitments?.items ?? []) {
      output.text(`  ${item.commitmentId}  ${item.status ?? ''}  ${item.progress ?? ''}`);
    }
  }
  output.say('--json da la vista completa', '--json gives the whole view');
}

function nonEmpty(option: string, value: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw badArgument(option, 'no puede estar vacío', 'must not be empty');
  return trimmed;
}
