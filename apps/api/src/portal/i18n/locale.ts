/**
 * The reader's language and how numbers and dates read in it. Spanish first: a reader gets
 * English only by asking (the switch, `?lang=en`, or a browser that prefers English over
 * Spanish). Numbers and dates come from the platform's `Intl`, so `11,3 %` and
 * `28 de enero de 2026` are the CLDR's spelling, not ours.
 */
import { EN } from './messages.en';
import { ES, type Messages } from './messages.es';

export const LANGS = ['es', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** The cookie the language switch sets, so the next page keeps the reader's choice. */
export const LANG_COOKIE = 'hitos_lang';

const isLang = (value: unknown): value is Lang => value === 'es' || value === 'en';

/**
 * The language of a request: `?lang=` first (a shared link keeps its language), then the
 * switch's cookie, then the first of Spanish or English in `Accept-Language`; Spanish otherwise.
 */
export function negotiateLang(input: {
  query?: unknown;
  cookie?: string;
  acceptLanguage?: string;
}): Lang {
  if (isLang(input.query)) return input.query;
  const fromCookie = input.cookie
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === LANG_COOKIE)?.[1];
  if (isLang(fromCookie)) return fromCookie;
  const ranked = (input.acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: tag.split('-')[0], q: q ? Number(q.trim().slice(2)) : 1, index };
    })
    .filter((entry): entry is { lang: Lang; q: number; index: number } => isLang(entry.lang))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.lang ?? 'es';
}

/** Everything a page needs to speak the reader's language. */
export class Locale {
  readonly t: Messages;
  private readonly percentFormat: Intl.NumberFormat;
  private readonly numberFormat: Intl.NumberFormat;
  private readonly dateFormat: Intl.DateTimeFormat;
  private readonly shortDateFormat: Intl.DateTimeFormat;
  private readonly monthFormat: Intl.DateTimeFormat;
  private readonly dateTimeFormat: Intl.DateTimeFormat;
  private readonly plurals: Intl.PluralRules;
  private readonly collator: Intl.Collator;

  constructor(readonly lang: Lang) {
    this.t = lang === 'en' ? EN : ES;
    // Spanish as the RAE writes it (`11,3 %`, with a space); Ecuador's CLDR variant drops the space.
    const tag = lang === 'en' ? 'en-GB' : 'es';
    this.percentFormat = new Intl.NumberFormat(tag, {
      style: 'percent',
      minimumFractionDigits: 0,
      maximumFractionDigits: 1,
    });
    this.numberFormat = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
    // Dates are calendar days (YYYY-MM-DD): formatted in UTC so no time zone moves them.
    this.dateFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' });
    this.shortDateFormat = new Intl.DateTimeFormat(tag, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
    this.monthFormat = new Intl.DateTimeFormat(tag, {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    // Instants are shown on the plan's clock (Ecuador, UTC−5), like every date hitos decides.
    this.dateTimeFormat = new Intl.DateTimeFormat(tag, {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: 'America/Guayaquil',
    });
    this.plurals = new Intl.PluralRules(tag);
    this.collator = new Intl.Collator(tag, { sensitivity: 'base' });
  }

  /** `11,3 %` from 11.3 (a percent, 0–100). */
  percent(value: number | null | undefined): string {
    return value === null || value === undefined ? '—' : this.percentFormat.format(value / 100);
  }

  number(value: number): string {
    return this.numberFormat.format(value);
  }

  /** `28 de enero de 2026` from `2026-01-28` (or from an ISO instant's calendar day). */
  date(iso: string | null | undefined): string {
    if (!iso) return '—';
    return this.dateFormat.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
  }

  /** `28 ene 2026`: for tables on a phone. */
  shortDate(iso: string | null | undefined): string {
    if (!iso) return '—';
    return this.shortDateFormat.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
  }

  /** `enero de 2026` from `2026-01`. */
  month(yearMonth: string): string {
    return this.monthFormat.format(new Date(`${yearMonth.slice(0, 7)}-01T00:00:00Z`));
  }

  /** An instant on the plan's clock: `24 de noviembre de 2026, 10:00`. */
  dateTime(iso: string | null | undefined): string {
    if (!iso) return '—';
    return this.dateTimeFormat.format(new Date(iso));
  }

  /** `1 hito` / `3 hitos`: the noun's form for the count, with the count. */
  count(n: number, forms: { one: string; other: string }): string {
    return `${this.number(n)} ${this.plurals.select(n) === 'one' ? forms.one : forms.other}`;
  }

  compare(a: string, b: string): number {
    return this.collator.compare(a, b);
  }

  /** The path of this page in the other language. */
  otherLang(): Lang {
    return this.lang === 'es' ? 'en' : 'es';
  }
}
