import { join } from 'node:path';
import {
  Inject,
  Injectable,
  Logger,
  Module,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Clock, EventStore } from '@hitos/event-store';
import {
  HttpWebhookTransport,
  NoticeDispatcher,
  NoticesStore,
  SmtpMailTransport,
  type MailTransport,
} from '@hitos/notices';
import { ProjectionRunner } from '@hitos/projections';
import { appConfig, type AppConfig } from '@hitos/config';
import { Metrics } from '../metrics/metrics';
import { QuestionContacts } from '../commitments/ask-question/question-contacts';
import { QuestionsModule } from '../commitments/questions.module';
import { ProjectionsModule } from '../projections/projections.module';
import { RecipientsHttpController } from './recipients.http.controller';

export const NOTICES_MAIL = Symbol('NOTICES_MAIL');

/** Starts the dispatcher once the app is up; stops it before the store's connection closes. */
@Injectable()
export class NoticesLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Notices');

  constructor(
    private readonly notices: NoticesStore,
    @Inject(NOTICES_MAIL) private readonly mail: MailTransport | undefined,
    @Optional() private readonly dispatcher?: NoticeDispatcher,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.dispatcher) return;
    this.dispatcher.start();
    this.logger.log(
      `notices dispatcher ${this.dispatcher.instanceId} started (e-mail ${this.mail ? 'through SMTP' : 'waiting: no HITOS_SMTP_URL'}, webhooks)`,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.dispatcher?.stop();
    this.mail?.close?.();
    this.notices.close();
  }
}

@Module({
  imports: [ProjectionsModule, QuestionsModule],
  controllers: [RecipientsHttpController],
  exports: [NoticesStore],
  providers: [
    {
      provide: NoticesStore,
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => new NoticesStore(join(config.dataDir, 'notices.sqlite')),
    },
    {
      provide: NOTICES_MAIL,
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) =>
        config.notices.enabled && config.notices.smtpUrl
          ? new SmtpMailTransport(config.notices.smtpUrl, config.notices.mailFrom)
          : undefined,
    },
    {
      provide: NoticeDispatcher,
      inject: [
        EventStore,
        ProjectionRunner,
        NoticesStore,
        Clock,
        Metrics,
        appConfig.KEY,
        NOTICES_MAIL,
        QuestionContacts,
      ],
      useFactory: (
        store: EventStore,
        runner: ProjectionRunner,
        notices: NoticesStore,
        clock: Clock,
        metrics: Metrics,
        config: AppConfig,
        mail: MailTransport | undefined,
        askers: QuestionContacts,
      ) => {
        if (!config.notices.enabled || runner.frozen) return undefined;
        const logger = new Logger('Notices');
        return new NoticeDispatcher({
          store,
          runner,
          notices,
          now: () => clock.now(),
          publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
          mail,
          askers,
          webhook: new HttpWebhookTransport(config.notices.webhookTimeoutMs),
          retryDelaysMs: config.notices.retryDelaysMs,
          leaseMs: config.notices.leaseMs,
          tickMs: config.notices.tickMs,
          onError: (error) => logger.warn(error.message),
          observe: (channel, outcome) => metrics.notices.inc({ channel, outcome }),
        });
      },
    },
    NoticesLifecycle,
  ],
})
export class NoticesModule {}
