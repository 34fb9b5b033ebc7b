import type { CommitmentEvent } from '@hitos/domain';
import { defineProjection } from '@hitos/projections';
import { ACTA_TABLES, actaHandlers } from './acta';
import { CLOSURE_TABLES, closureHandlers } from './closure';
import { COMMITMENT_TABLES, commitmentRowHandlers } from './commitment-row';
import { DEADLINE_RECORD_TABLES } from './deadline-records';
import { MILESTONE_TABLES, milestoneHandlers } from './milestones';
import { PROGRESS_REPORT_TABLES, progressReportHandlers } from './progress-reports';
import { QUESTION_TABLES, questionHandlers } from './questions';
import { REPORT_TABLES, reportHandlers } from './reports';
import { RESOURCE_TABLES, resourceHandlers } from './resources';
import { TRANSFER_TABLES, transferHandlers } from './transfers';

export const COMMITMENT_DETAIL = 'commitment-detail';

/**
 * Everything about each commitment, as the API shows it: one row per commitment and a table per
 * thing it holds (milestones, reports and their evidence, the acta's signatures, resources,
 * reports to each audience, closure and IRM assessments, transfers, deadlines). Each file of
 * this folder holds one of those things: its tables, its rows and the handlers that keep them.
 *
 * It handles every commitment event (the compiler refuses a new one without a handler): every
 * event moves the commitment row's revision, which is the ETag `If-Match` compares with.
 */
export const commitmentDetailProjection = defineProjection<CommitmentEvent>({
  name: COMMITMENT_DETAIL,
  // 2: transfers (pending, concurrences, decision, overdue flags, settled history), the
  // responsible institution changing on a handover, deadline events, the acta's full data.
  // 3: classifications of free text (narratives, reasons, answers, the closure's narrative).
  // 4: review in rounds (each objection and its answer, the review status).
  // 5: reschedule requests and the Core Group's answers; who gave each concurrence.
  // 6: citizens' questions (answers, counterpart views, hidings, overdue answers).
  version: 6,
  schema: [
    COMMITMENT_TABLES,
    MILESTONE_TABLES,
    PROGRESS_REPORT_TABLES,
    ACTA_TABLES,
    RESOURCE_TABLES,
    REPORT_TABLES,
    CLOSURE_TABLES,
    TRANSFER_TABLES,
    DEADLINE_RECORD_TABLES,
    QUESTION_TABLES,
  ].join(''),
  handlers: {
    ...commitmentRowHandlers,
    ...actaHandlers,
    ...resourceHandlers,
    ...milestoneHandlers,
    ...progressReportHandlers,
    ...reportHandlers,
    ...closureHandlers,
    ...transferHandlers,
    ...questionHandlers,
  },
});
