/**
 * The commitment's history: every fact of its trail on the day it happened (with the day hitos
 * recorded it when that differs), who did it by name, and the trail's sentence with ids named:
 * institutions and organizations by name, milestones by their number, reports by their day, and
 * every date in the reader's words.
 */
import type { AuditEntry } from '@hitos/read-models';
import { Happened, Reserved } from '../../components/bits';
import { humanSummary } from '../../summaries';
import { TRAIL_LIMIT } from './commitment.data';
import type { PageContext } from './commitment.context';

export function Timeline({ ctx }: { ctx: PageContext }) {
  const { locale, m, data } = ctx;
  if (data.trail.length === 0) return <p class="muted">{locale.t.site.none}</p>;
  return (
    <>
      <p class="muted">{m.timelineExplained}</p>
      <ol class="timeline">
        {byDayHappened(data.trail).map((entry) => (
          <li>
            <Happened
              locale={locale}
              occurredAt={entry.occurredAt ?? entry.recordedAt}
              recordedAt={entry.recordedAt}
            />
            <br />
            {entry.withheld ? (
              <>
                <Reserved locale={locale} />{' '}
              </>
            ) : null}
            <span class={entry.withheld ? 'muted' : undefined}>{timelineText(ctx, entry)}</span>
            {actorOf(ctx, entry) ? <span class="muted"> — {actorOf(ctx, entry)}</span> : null}
          </li>
        ))}
      </ol>
      {data.trail.length >= TRAIL_LIMIT ? (
        <p class="muted">{m.timelineTruncated(data.trail.length)}</p>
      ) : null}
    </>
  );
}

/** The trail in the order things happened; `$all` order among facts of the same instant. */
function byDayHappened(trail: AuditEntry[]): AuditEntry[] {
  const at = (e: AuditEntry) => Date.parse(e.occurredAt ?? e.recordedAt);
  return trail
    .map((entry, index) => ({ entry, index, at: at(entry) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ entry }) => entry);
}

/** Who did it, by name: the institution or organization they spoke for, or hitos itself. */
function actorOf(ctx: PageContext, entry: AuditEntry): string | null {
  const { actor } = entry;
  const { names } = ctx.data;
  if (actor.role === 'system') return ctx.m.byRole.system;
  if (actor.role === 'core-group')
    return (actor.id ? names.coreGroupMember(actor.id) : null) ?? ctx.m.byRole['core-group'];
  if (actor.organizationId) {
    return actor.role === 'counterpart'
      ? names.organization(actor.organizationId)
      : names.institution(actor.organizationId);
  }
  return actor.role ? (ctx.m.byRole[actor.role] ?? null) : null;
}

/** The trail's sentence in the reader's words, with no internal id left in it. */
export function timelineText(ctx: PageContext, entry: AuditEntry): string {
  return humanSummary(entry, ctx.locale, ctx.data.names, ctx.data.detail.milestones);
}
