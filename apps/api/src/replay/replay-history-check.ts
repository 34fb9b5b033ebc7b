import { existsSync } from 'node:fs';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import Database from 'better-sqlite3';
import { appConfig, type AppConfig } from '@hitos/config';
import { EventStore } from '@hitos/event-store';
import { defaultProjectionsDirectory, projectionFile } from '@hitos/projections';
import { checkSameHistory, transparencyLogProjection } from '@hitos/transparency';
import { REPLAY_SERVING, type ReplayServing } from './replay-serving';

/**
 * Before a replay is served, its history is checked against the store's (see
 * `checkSameHistory`): served against another store, or one rewritten since, its answers
 * would mix two histories. A difference stops the start with a message naming it.
 */
@Injectable()
export class ReplayHistoryCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('Replay');

  constructor(
    @Inject(REPLAY_SERVING) private readonly replay: ReplayServing | null,
    private readonly store: EventStore,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.replay) return;
    const name = transparencyLogProjection.name;
    const replayFile =
      this.replay.manifest.models.find((model) => model.name === name)?.file ?? `${name}.sqlite`;
    const replayPath = `${this.replay.directory}/${replayFile}`;
    if (!existsSync(replayPath)) {
      this.logger.warn(
        `${replayPath}: sin registro de transparencia, historia no comprobada / no transparency log, history not checked`,
      );
      return;
    }
    const livePath = projectionFile(defaultProjectionsDirectory(this.config.dataDir), name);
    const replayDb = new Database(replayPath, { readonly: true, fileMustExist: true });
    const liveDb = existsSync(livePath)
      ? new Database(livePath, { readonly: true, fileMustExist: true })
      : null;
    try {
      const report = await checkSameHistory({ store: this.store, replay: replayDb, live: liveDb });
      this.logger.log(
        `misma historia / same history: ${report.size} hojas/leaves, ${report.sampled} leídas del almacén/read back from the store` +
          (report.wholeHistory
            ? ', raíz igual a la del registro vivo / root equal to the live log’s'
            : ''),
      );
    } finally {
      replayDb.close();
      liveDb?.close();
    }
  }
}
