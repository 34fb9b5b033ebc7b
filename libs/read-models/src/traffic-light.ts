/**
 * The semáforo: a published, configurable rule set that colours a milestone and a commitment
 * and says which rule set the colour. Pure: `today` comes in, no clock is read.
 *
 * Rules, checked in this order (the first that matches decides):
 *
 * | colour | code                   | when                                                              |
 * | ------ | ---------------------- | ----------------------------------------------------------------- |
 * | grey   | COMMITMENT_INACTIVE    | the commitment is Completed, Closed or Withdrawn                  |
 * | grey   | COMPLETED              | the milestone is completed                                        |
 * | red    | OVERDUE                | today is after the current due date                               |
 * | red    | STALE_OBJECTION        | an objection unanswered for more than `objectionMaxAgeDays`       |
 * | red    | TOO_MANY_SLIPS         | slips ≥ `redSlips`                                                |
 * | amber  | DUE_SOON_LOW_PROGRESS  | due within `dueSoonDays` and endorsed progress < `dueSoonMinProgress` |
 * | amber  | OPEN_OBJECTION         | an objection is waiting for the institution's answer              |
 * | amber  | NO_RECENT_REPORT       | started, and no report for `staleReportDays` (counted from the    |
 * |        |                        | last report, or from the start when there is none)                |
 * | amber  | SLIPPED                | slips ≥ `amberSlips`                                              |
 * | green  | ON_TRACK               | none of the above                                                 |
 *
 * An objection's age counts from the last unanswered objection of its report: an answered one is
 * never stale, and an objection of a later round (the counterpart objecting again after an
 * answer) restarts the count from its own date (`oldestOpenObjectionOn`, kept by the deadlines
 * projection).
 *
 * A commitment takes the worst colour of its milestones (red > amber > green > grey), with
 * that milestone's rule; grey with COMMITMENT_INACTIVE when it is no longer in implementation,
 * and grey with NO_MILESTONES when it has none.
 */

export type TrafficLightColour = 'red' | 'amber' | 'green' | 'grey';

export type TrafficLightRuleCode =
  | 'COMMITMENT_INACTIVE'
  | 'COMPLETED'
  | 'OVERDUE'
  | 'STALE_OBJECTION'
  | 'TOO_MANY_SLIPS'
  | 'DUE_SOON_LOW_PROGRESS'
  | 'OPEN_OBJECTION'
  | 'NO_RECENT_REPORT'
  | 'SLIPPED'
  | 'ON_TRACK'
  | 'NO_MILESTONES';

export interface TrafficLight {
  colour: TrafficLightColour;
  rule: { code: TrafficLightRuleCode; es: string; en: string };
}

export interface TrafficLightRules {
  /** Red when an objection has waited for an answer longer than this. */
  objectionMaxAgeDays: number;
  /** Red from this many slips (due date moved later). */
  redSlips: number;
  /** Amber when the due date is this close… */
  dueSoonDays: number;
  /** …and the endorsed progress is below this percent. */
  dueSoonMinProgress: number;
  /** Amber when a started milestone has had no report for this long. */
  staleReportDays: number;
  /** Amber from this many slips. */
  amberSlips: number;
}

export const DEFAULT_TRAFFIC_LIGHT_RULES: Readonly<TrafficLightRules> = Object.freeze({
  objectionMaxAgeDays: 30,
  redSlips: 3,
  dueSoonDays: 30,
  dueSoonMinProgress: 75,
  staleReportDays: 90,
  amberSlips: 1,
});

/** What the rules read of a milestone; dates are ISO `YYYY-MM-DD`. */
export interface MilestoneSignals {
  start: string;
  due: string;
  completed: boolean;
  /** Endorsed progress, 0..100. */
  progress: number;
  lastReportOn: string | null;
  /**
   * When the oldest objection still unanswered was raised — per report, its last round's
   * objection, the only one that can be open; null with none.
   */
  oldestOpenObjectionOn: string | null;
  slips: number;
  /** The commitment's status, when known. */
  commitmentStatus?: string;
}

const INACTIVE_STATUSES = new Set(['Completed', 'Closed', 'Withdrawn']);

const DAY_MS = 86_400_000;
/** Whole days from `from` to `to` (negative when `to` is earlier); calendar dates, no zones. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

const light = (
  colour: TrafficLightColour,
  code: TrafficLightRuleCode,
  es: string,
  en: string,
): TrafficLight => ({ colour, rule: { code, es, en } });

export function milestoneTrafficLight(
  m: MilestoneSignals,
  today: string,
  rules: TrafficLightRules = DEFAULT_TRAFFIC_LIGHT_RULES,
): TrafficLight {
  if (m.commitmentStatus !== undefined && INACTIVE_STATUSES.has(m.commitmentStatus)) {
    return light(
      'grey',
      'COMMITMENT_INACTIVE',
      'El compromiso ya no está en implementación.',
      'The commitment is no longer in implementation.',
    );
  }
  if (m.completed) return light('grey', 'COMPLETED', 'Hito cumplido.', 'Milestone completed.');
  const toDue = daysBetween(today, m.due);
  if (toDue < 0) {
    return light(
      'red',
      'OVERDUE',
      `Vencido hace ${-toDue} día${toDue === -1 ? '' : 's'} (vencía el ${m.due}).`,
      `Overdue by ${-toDue} day${toDue === -1 ? '' : 's'} (was due ${m.due}).`,
    );
  }
  const objectionAge =
    m.oldestOpenObjectionOn !== null ? daysBetween(m.oldestOpenObjectionOn, today) : null;
  if (objectionAge !== null && objectionAge > rules.objectionMaxAgeDays) {
    return light(
      'red',
      'STALE_OBJECTION',
      `Una observación de la contraparte lleva ${objectionAge} días sin respuesta (máximo ${rules.objectionMaxAgeDays}).`,
      `A counterpart objection has been unanswered for ${objectionAge} days (at most ${rules.objectionMaxAgeDays}).`,
    );
  }
  if (m.slips >= rules.redSlips) {
    return light(
      'red',
      'TOO_MANY_SLIPS',
      `Reprogramado ${m.slips} veces (rojo desde ${rules.redSlips}).`,
      `Rescheduled ${m.slips} times (red from ${rules.redSlips}).`,
    );
  }
  if (toDue <= rules.dueSoonDays && m.progress < rules.dueSoonMinProgress) {
    return light(
      'amber',
      'DUE_SOON_LOW_PROGRESS',
      `Vence en ${toDue} días con un avance avalado del ${m.progress} % (menos del ${rules.dueSoonMinProgress} %).`,
      `Due in ${toDue} days with ${m.progress}% endorsed progress (below ${rules.dueSoonMinProgress}%).`,
    );
  }
  if (objectionAge !== null) {
    return light(
      'amber',
      'OPEN_OBJECTION',
      `Hay una observación de la contraparte sin respuesta desde el ${m.oldestOpenObjectionOn}.`,
      `A counterpart objection has been waiting for an answer since ${m.oldestOpenObjectionOn}.`,
    );
  }
  if (today >= m.start) {
    const since = m.lastReportOn !== null && m.lastReportOn > m.start ? m.lastReportOn : m.start;
    const silent = daysBetween(since, today);
    if (silent >= rules.staleReportDays) {
      return light(
        'amber',
        'NO_RECENT_REPORT',
        m.lastReportOn === null
          ? `Sin reportes de avance en ${silent} días desde el inicio (${m.start}).`
          : `Sin reportes de avance desde el ${m.lastReportOn} (${silent} días).`,
        m.lastReportOn === null
          ? `No progress report in the ${silent} days since the start (${m.start}).`
          : `No progress report since ${m.lastReportOn} (${silent} days).`,
      );
    }
  }
  if (m.slips >= rules.amberSlips) {
    return light(
      'amber',
      'SLIPPED',
      `Reprogramado ${m.slips} ${m.slips === 1 ? 'vez' : 'veces'}.`,
      `Rescheduled ${m.slips} time${m.slips === 1 ? '' : 's'}.`,
    );
  }
  return light('green', 'ON_TRACK', 'En plazo.', 'On track.');
}

const SEVERITY: Record<TrafficLightColour, number> = { grey: 0, green: 1, amber: 2, red: 3 };

/** Which of two lights is worse; the first wins ties, so callers order milestones by due date. */
export const worseOf = (a: TrafficLight, b: TrafficLight): TrafficLight =>
  SEVERITY[b.colour] > SEVERITY[a.colour] ? b : a;

export function commitmentTrafficLight(
  commitmentStatus: string,
  milestones: readonly (MilestoneSignals & { milestoneId?: string })[],
  today: string,
  rules: TrafficLightRules = DEFAULT_TRAFFIC_LIGHT_RULES,
): TrafficLight & { milestoneId: string | null } {
  if (INACTIVE_STATUSES.has(commitmentStatus)) {
    return {
      ...milestoneTrafficLight(
        {
          start: today,
          due: today,
          completed: false,
          progress: 0,
          lastReportOn: null,
          oldestOpenObjectionOn: null,
          slips: 0,
          commitmentStatus,
        },
        today,
        rules,
      ),
      milestoneId: null,
    };
  }
  if (milestones.length === 0) {
    return {
      ...light('grey', 'NO_MILESTONES', 'Sin hitos planificados.', 'No milestones planned.'),
      milestoneId: null,
    };
  }
  const ordered = [...milestones].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  let worst: TrafficLight & { milestoneId: string | null } = {
    ...milestoneTrafficLight(ordered[0], today, rules),
    milestoneId: ordered[0].milestoneId ?? null,
  };
  for (const milestone of ordered.slice(1)) {
    const next = milestoneTrafficLight(milestone, today, rules);
    if (worseOf(worst, next) === next) {
      worst = { ...next, milestoneId: milestone.milestoneId ?? null };
    }
  }
  return worst;
}
