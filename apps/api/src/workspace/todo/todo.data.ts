/**
 * The to-do list's inputs, from the same read models as the JSON API (portfolio, review queue,
 * deadlines, transfer queue, commitment detail), read as the person reads them: their role and
 * organization decide what they see, as on `GET /api/...`.
 */
import { addDays, type Actor } from '@hitos/domain';
import {
  awaitedQuestions,
  daysBetween,
  getCommitmentDetail,
  institutionPortfolio,
  listCommitments,
  overdueMilestones,
  rescheduleRequestQueue,
  reviewQueue,
  transferQueue,
  upcomingMilestones,
} from '@hitos/read-models';
import type { ReadModels } from '../../read-models/read-models.service';
import { emptyInputs, type TodoInputs } from './todo';

/** How far ahead a due milestone shows in the institution's list. */
export const UPCOMING_DAYS = 30;
/** A question's first words, for a line of the list (the form's page has it whole). */
const excerpt = (text: string) => (text.length > 140 ? `${text.slice(0, 139).trimEnd()}…` : text);

/** How far back the Presidency's list shows questions asked, to hide spam or abuse. */
export const MODERATION_DAYS = 7;

export async function loadTodoInputs(views: ReadModels, actor: Actor): Promise<TodoInputs> {
  const inputs = emptyInputs();
  const reader = views.reader();
  const today = views.today();
  const details = (await views.open('commitment-detail')).db;
  const org = actor.organizationId;

  if (actor.role === 'institution' && org) {
    const portfolio = institutionPortfolio(details, org, { today }, { limit: 500 });
    for (const c of portfolio.commitments.items) {
      const subject = { commitmentId: c.commitmentId, commitmentTitle: c.title };
      if (c.status === 'Completed') inputs.toClose.push(subject);
      if (c.status === 'Draft' && c.milestones === 0) inputs.toPlan.push(subject);
      if (c.status !== 'Draft' && c.openObjections === 0) continue;
      const detail = getCommitmentDetail(details, c.commitmentId, reader);
      if (!detail) continue;
      if (c.status === 'Draft' && !detail.signatures.institution) inputs.actasToSign.push(subject);
      for (const m of detail.milestones)
        for (const r of m.reports)
          if (r.review?.verdict === 'objected' && !r.answer)
            inputs.objectionsToAnswer.push({
              ...subject,
              reportId: r.reportId,
              deliverable: m.deliverable,
              reviewedOn: r.review.reviewedOn,
            });
    }
    inputs.objectionsToAnswer.sort((a, b) => a.reviewedOn.localeCompare(b.reviewedOn));
    const deadlines = (await views.open('deadlines')).db;
    const filters = { institutionId: org, today };
    for (const m of [
      ...overdueMilestones(deadlines, filters, { limit: 500 }).items,
      ...upcomingMilestones(deadlines, { ...filters, days: UPCOMING_DAYS }, { limit: 500 }).items,
    ])
      inputs.milestones.push({
        commitmentId: m.commitmentId,
        commitmentTitle: m.commitmentTitle,
        milestoneId: m.milestoneId,
        deliverable: m.deliverable,
        due: m.due,
        daysToDue: m.daysToDue,
      });
    inputs.questionsToAnswer = awaitedQuestions(details, { institutionId: org }).map((q) => ({
      commitmentId: q.commitmentId,
      commitmentTitle: q.commitmentTitle,
      questionId: q.questionId,
      text: excerpt(q.text),
      answerDueOn: q.answerDueOn,
      daysToDue: daysBetween(today, q.answerDueOn),
    }));
    inputs.handovers = portfolio.incomingHandovers.map((h) => ({
      commitmentId: h.commitmentId,
      commitmentTitle: h.title,
      pendingSince: h.pendingSince,
    }));
  }

  if (actor.role === 'counterpart' && org) {
    inputs.reportsToReview = reviewQueue(details, { counterpartId: org }, reader, {
      limit: 500,
    }).items.map((r) => ({
      commitmentId: r.commitmentId,
      commitmentTitle: r.commitmentTitle,
      reportId: r.reportId,
      deliverable: r.deliverable,
      percent: r.percent,
      reportedOn: r.reportedOn,
    }));
    for (const c of listCommitments(
      details,
      { counterpartId: org, status: 'Draft' },
      { limit: 100 },
    ).items) {
      const detail = getCommitmentDetail(details, c.commitmentId, reader);
      if (detail && !detail.signatures.counterpart)
        inputs.actasToSign.push({ commitmentId: c.commitmentId, commitmentTitle: c.title });
    }
  }

  if (actor.role === 'counterpart' && org)
    inputs.questionsToView = awaitedQuestions(details, { counterpartId: org }).map((q) => ({
      commitmentId: q.commitmentId,
      commitmentTitle: q.commitmentTitle,
      questionId: q.questionId,
      text: excerpt(q.text),
      askedOn: q.askedOn,
    }));

  if (actor.role === 'presidency')
    inputs.questionsToModerate = awaitedQuestions(details, {
      askedSince: addDays(today, -MODERATION_DAYS),
    }).map((q) => ({
      commitmentId: q.commitmentId,
      commitmentTitle: q.commitmentTitle,
      questionId: q.questionId,
      text: excerpt(q.text),
      askedOn: q.askedOn,
    }));

  if (actor.role === 'core-group' || actor.role === 'presidency') {
    inputs.transfers = transferQueue(details, { today }, { limit: 500 }).items.map((t) => ({
      commitmentId: t.commitmentId,
      commitmentTitle: t.title,
      status: t.status,
      institutionId: t.institutionId,
      pendingSince: t.pendingSince,
      concurrences: t.concurrences.length,
      toInstitutionId: t.decision?.toInstitutionId ?? null,
    }));
  }

  if (actor.role === 'core-group') {
    // A development token names no plan: it sees every plan's requests, as for transfers.
    const filters = actor.planId ? { planId: actor.planId } : {};
    inputs.rescheduleRequests = rescheduleRequestQueue(details, filters, { limit: 500 }).items.map(
      (r) => ({
        commitmentId: r.commitmentId,
        commitmentTitle: r.title,
        requestId: r.requestId,
        deliverable: r.deliverable,
        due: r.due,
        requestedOn: r.requestedOn,
      }),
    );
  }

  if (actor.role === 'auditor') {
    for (const c of listCommitments(details, { status: 'Closed' }, { limit: 100 }).items) {
      const detail = getCommitmentDetail(details, c.commitmentId, reader);
      if (detail && !detail.irmAssessments.some((a) => a.stage === 'results'))
        inputs.toAssess.push({ commitmentId: c.commitmentId, commitmentTitle: c.title });
    }
  }
  return inputs;
}
