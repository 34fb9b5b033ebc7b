import { Locale, negotiateLang } from './locale';

describe('the reader’s language', () => {
  it('is Spanish unless asked otherwise', () => {
    expect(negotiateLang({})).toBe('es');
    expect(negotiateLang({ acceptLanguage: 'fr-FR,de;q=0.8' })).toBe('es');
  });

  it('follows ?lang= first, then the switch’s cookie, then Accept-Language', () => {
    expect(negotiateLang({ query: 'en', cookie: 'hitos_lang=es', acceptLanguage: 'es' })).toBe(
      'en',
    );
    expect(negotiateLang({ query: 'xx', cookie: 'a=1; hitos_lang=en' })).toBe('en');
    expect(negotiateLang({ acceptLanguage: 'en-US,en;q=0.9,es;q=0.8' })).toBe('en');
    expect(negotiateLang({ acceptLanguage: 'fr,es;q=0.5,en;q=0.4' })).toBe('es');
  });
});

describe('numbers and dates in the reader’s language', () => {
  it('reads 11,3 % and 28 de enero de 2026 in Spanish', () => {
    const es = new Locale('es');
    expect(es.percent(11.3).replace(/\s/g, ' ')).toBe('11,3 %');
    expect(es.date('2026-01-28')).toBe('28 de enero de 2026');
    expect(es.count(1, es.t.units.milestone)).toBe('1 hito');
    expect(es.count(3, es.t.units.milestone)).toBe('3 hitos');
  });

  it('reads 11.3% and 28 January 2026 in English', () => {
    const en = new Locale('en');
    expect(en.percent(11.3)).toBe('11.3%');
    expect(en.date('2026-01-28')).toBe('28 January 2026');
    expect(en.percent(null)).toBe('—');
  });

  it('keeps a calendar day on its day whatever the time zone', () => {
    expect(new Locale('es').date('2026-03-01T03:00:00.000Z')).toBe('1 de marzo de 2026');
  });
});
