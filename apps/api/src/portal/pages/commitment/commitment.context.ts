/** What every part of the commitment page reads: the reader's language, its words and the data. */
import type { TrafficLight } from '@hitos/read-models';
import type { Locale } from '../../i18n/locale';
import type { CommitmentPageData } from './commitment.data';
import { en, es, type CommitmentMessages } from './commitment.messages';

export interface PageContext {
  locale: Locale;
  /** The commitment page's own words in the reader's language. */
  m: CommitmentMessages;
  data: CommitmentPageData;
}

export function pageContext(locale: Locale, data: CommitmentPageData): PageContext {
  return { locale, m: locale.lang === 'en' ? en : es, data };
}

/** A link only for a web address: anything else (a `javascript:` URL…) is shown as text. */
export function safeHref(url: string | null | undefined): string | null {
  return url && /^https?:\/\//i.test(url.trim()) ? url.trim() : null;
}

/** Milestones are named by their place in the plan (Hito 1, Hito 2…), never by their id. */
export function milestoneNumber(ctx: PageContext, milestoneId: string): number | null {
  const index = ctx.data.detail.milestones.findIndex((m) => m.milestoneId === milestoneId);
  return index < 0 ? null : index + 1;
}

/** The Core Group member's name (and whom they represent), never the member's id. */
export function coreGroupMember(ctx: PageContext, memberId: string): string {
  const member = ctx.data.coreGroup.find((x) => x.memberId === memberId);
  if (!member) return ctx.m.aMember;
  return member.organization ? `${member.name}, ${member.organization}` : member.name;
}

/** Every calendar day (`2026-01-31`) in a read model's sentence, in the reader's words. */
export function spellDays(ctx: PageContext, text: string): string {
  return text.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (day) => ctx.locale.date(day));
}

/** A semáforo's rule in the reader's language and words. */
export function ruleOf(ctx: PageContext, light: TrafficLight): string {
  return spellDays(ctx, light.rule[ctx.locale.lang]);
}
