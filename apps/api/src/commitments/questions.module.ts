import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AddQuestionCounterpartViewHttpController } from './add-question-counterpart-view/add-question-counterpart-view.http.controller';
import { AnswerQuestionHttpController } from './answer-question/answer-question.http.controller';
import { AskQuestions } from './ask-question/ask-question';
import { AskQuestionHttpController } from './ask-question/ask-question.http.controller';
import { QuestionContacts } from './ask-question/question-contacts';
import {
  QUESTION_RATE,
  QUESTIONS_THROTTLER,
  QuestionThrottlerGuard,
} from './ask-question/question-throttler.guard';
import { HideQuestionHttpController } from './hide-question/hide-question.http.controller';

/**
 * Citizens' questions (issue 16 §4): asking (public, limited per client address by the
 * throttler, scoped to the routes that ask), answering, the counterpart's view and hiding. The
 * portal's form asks through the same {@link AskQuestions} and the same limit (exported).
 */
@Module({
  imports: [
    ThrottlerModule.forRoot([
      { name: QUESTIONS_THROTTLER, ttl: QUESTION_RATE.ttlMs, limit: QUESTION_RATE.limit },
    ]),
  ],
  controllers: [
    AskQuestionHttpController,
    AnswerQuestionHttpController,
    AddQuestionCounterpartViewHttpController,
    HideQuestionHttpController,
  ],
  providers: [AskQuestions, QuestionContacts, QuestionThrottlerGuard],
  exports: [AskQuestions, QuestionContacts, ThrottlerModule],
})
export class QuestionsModule {}
