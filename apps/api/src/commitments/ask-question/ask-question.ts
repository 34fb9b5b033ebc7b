import { Inject, Injectable } from '@nestjs/common';
import { commitmentDecider, commitmentStreamName, decideWith } from '@hitos/domain';
import { appConfig, type AppConfig } from '@hitos/config';
import { CommandHandling, type CommandResult } from '@hitos/event-store';
import { newResourceId } from '../../http/resource-id';
import { QuestionContacts } from './question-contacts';

export interface QuestionInput {
  text: string;
  name?: string;
  email?: string;
}

/**
 * Asks a question, from the API or the portal's form: the text and the optional name go to the
 * commitment's stream (with the policy's days to answer, `HITOS_QUESTION_ANSWER_DAYS`); the
 * optional e-mail goes only to {@link QuestionContacts}, once the question is recorded.
 */
@Injectable()
export class AskQuestions {
  constructor(
    private readonly commands: CommandHandling,
    private readonly contacts: QuestionContacts,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  /** The days an institution has to answer (`HITOS_QUESTION_ANSWER_DAYS`). */
  get answerDays(): number {
    return this.config.workflowPolicy.questionAnswerDays;
  }

  async ask(
    commitmentId: string,
    input: QuestionInput,
  ): Promise<{ questionId: string; result: CommandResult<unknown> }> {
    const questionId = newResourceId(`question:${commitmentId}`);
    const name = input.name?.trim();
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'AskQuestion', {
        questionId,
        text: input.text,
        ...(name ? { askerName: name } : {}),
        answerDays: this.answerDays,
      }),
    );
    const email = input.email?.trim();
    if (email) this.contacts.record(commitmentId, questionId, email);
    return { questionId, result };
  }
}
