import { Module } from '@nestjs/common';
import { Command, InjectCommander } from 'nest-commander';
import { bilingual } from './conventions/cli-error';
import { applyConventions, type CommanderCommand } from './conventions/command-tree';
import { GroupCommand } from './conventions/hitos-command';
import { AuditCheckpointCommand } from './audit/audit-checkpoint.command';
import { AuditCosignCommand } from './audit/audit-cosign.command';
import { AuditDiffCommand } from './audit/audit-diff.command';
import { AuditReplayCommand } from './audit/audit-replay.command';
import { AuditServeCommand } from './audit/audit-serve.command';
import { AuditStateCommand } from './audit/audit-state.command';
import { AuditTrailCommand } from './audit/audit-trail.command';
import { AuditVerifyCommand } from './audit/audit-verify.command';
import { AuditWatchCommand } from './audit/audit-watch.command';
import { AuditExportCommand } from './audit/audit-export.command';
import { ProjectionsRebuildCommand } from './projections/projections-rebuild.command';
import { StoreBackupCommand } from './store/store-backup.command';
import { StoreRestoreCommand } from './store/store-restore.command';

/*
 * The command tree. A new sub-command is one file (a class extending StoreCommand or
 * HitosCommand, decorated with @SubCommand) and one line: its class in the `subCommands` of
 * its group below. See docs/cli.md, "Adding a command".
 */

@Command({
  name: 'projections',
  description: bilingual('modelos de lectura', 'read models'),
  subCommands: [ProjectionsRebuildCommand],
})
export class ProjectionsCommand extends GroupCommand {}

@Command({
  name: 'store',
  description: bilingual(
    'el almacén de eventos embebido: copia y restauración',
    'the embedded event store: backup and restore',
  ),
  subCommands: [StoreBackupCommand, StoreRestoreCommand],
})
export class StoreCommandGroup extends GroupCommand {}

@Command({
  name: 'audit',
  description: bilingual(
    'auditoría: la historia de los hechos y el estado en el pasado',
    'audit: the history of what happened, and the state in the past',
  ),
  subCommands: [
    AuditTrailCommand,
    AuditReplayCommand,
    AuditServeCommand,
    AuditVerifyCommand,
    AuditWatchCommand,
    AuditExportCommand,
    AuditStateCommand,
    AuditDiffCommand,
    AuditCheckpointCommand,
    AuditCosignCommand,
    // the next one: its class here, its file beside these (docs/cli.md, "Adding a command")
  ],
})
export class AuditCommand extends GroupCommand {}

/** Puts the whole tree under the CLI's conventions once nest-commander has built it. */
class CommandTreeConventions {
  constructor(@InjectCommander() private readonly root: CommanderCommand) {}

  onApplicationBootstrap(): void {
    this.root
      .name('hitos')
      .description(
        [
          bilingual(
            'hitos en la línea de comandos: la historia de los compromisos, su estado en el pasado, los modelos de lectura',
            "hitos on the command line: the commitments' history, their past state, the read models",
          ),
          bilingual(
            'salida: 0 bien, 1 la verificación halló un problema, 2 no se pudo ejecutar',
            'exit codes: 0 ok, 1 the check found a problem, 2 could not run',
          ),
          bilingual('guía: docs/cli.md', 'guide: docs/cli.md'),
        ].join('\n'),
      );
    applyConventions(this.root);
  }
}

@Module({
  providers: [
    ...AuditCommand.registerWithSubCommands(),
    ...ProjectionsCommand.registerWithSubCommands(),
    ...StoreCommandGroup.registerWithSubCommands(),
    CommandTreeConventions,
  ],
})
export class CliModule {}
