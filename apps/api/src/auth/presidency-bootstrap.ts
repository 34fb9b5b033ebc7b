import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { personStreamName } from '@hitos/domain';
import { appConfig, type AppConfig } from '@hitos/config';
import { CommandHandling, EventStore } from '@hitos/event-store';
import { grantRole } from '../access/grant-role/grant-role.http.controller';
import { CONTEXT_ACTOR, CONTEXT_CORRELATION_ID } from '../context/request-context';

export const BOOTSTRAP_GRANT_ID = 'bootstrap-presidency';

/**
 * An installation's first Presidency (`HITOS_BOOTSTRAP_PRESIDENCY=<subject>`): only the
 * Presidency grants roles, so on a new installation no one could. At start, if the named
 * person's stream is empty, hitos itself (the `system` actor, which the domain lets grant the
 * Presidency role only) grants it, with its reason; from there the Presidency grants the rest.
 * A person with any history is left as they are: the setting does nothing on later starts.
 */
@Injectable()
export class PresidencyBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(PresidencyBootstrap.name);

  constructor(
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    private readonly commands: CommandHandling,
    private readonly store: EventStore,
    private readonly cls: ClsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const sub = this.config.bootstrapPresidency;
    if (!sub || this.config.replayDir) return;
    if (await this.store.lastEventOf(personStreamName(sub))) return;
    await this.cls.run(async () => {
      this.cls.set(CONTEXT_ACTOR, { id: 'hitos', role: 'system' });
      this.cls.set(CONTEXT_CORRELATION_ID, 'presidency-bootstrap');
      await grantRole(this.commands, sub, {
        grantId: BOOTSTRAP_GRANT_ID,
        role: 'presidency',
        reason:
          'Primera Presidencia de la instalación (HITOS_BOOTSTRAP_PRESIDENCY). / The installation’s first Presidency (HITOS_BOOTSTRAP_PRESIDENCY).',
      });
    });
    this.logger.log(`Presidency granted to the bootstrap subject (${BOOTSTRAP_GRANT_ID})`);
  }
}
