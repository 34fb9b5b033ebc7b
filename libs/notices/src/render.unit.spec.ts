import { renderDigest } from './digest';
import { isoWeekOf, lastEndedWeek } from './iso-week';
import { noticesFor } from './rules';
import { renderEmail, webhookPayload } from './render';

const [notice] = noticesFor(
  {
    id: 'e1',
    type: 'MilestoneOverdue',
    data: { milestoneId: 'h2', due: '2026-07-01', detectedOn: '2026-07-02' },
    recordedAt: '2026-07-02T00:05:00.000Z',
  },
  {
    commitmentId: 'mdt-empleo',
    planId: 'ec-paea-2026-2027',
    number: 3,
    title: 'Datos abiertos de empleo',
    institutionId: 'mdt',
    counterpartId: 'fae',
  },
);

describe('renderEmail', () => {
  const mail = renderEmail(notice, 'https://hitos.gob.ec/');

  it('has a bilingual subject, Spanish first', () => {
    expect(mail.subject).toBe(
      '[hitos] Hito vencido / Milestone overdue — Compromiso 3 «Datos abiertos de empleo»',
    );
  });

  it('says it in Spanish, then in English, with the commitment’s public page', () => {
    const es = mail.text.indexOf('El hito h2 venció el 2026-07-01');
    const en = mail.text.indexOf('Milestone h2 was due on 2026-07-01');
    expect(es).toBeGreaterThanOrEqual(0);
    expect(en).toBeGreaterThan(es);
    expect(mail.text).toContain('https://hitos.gob.ec/compromisos/mdt-empleo');
    expect(mail.html).toContain(
      '<a href="https://hitos.gob.ec/compromisos/mdt-empleo">Ver el compromiso</a>',
    );
    expect(mail.html).toContain('lang="en"');
  });
});

describe('webhookPayload', () => {
  it('is { type, timestamp, data } with both languages and the link', () => {
    const payload = webhookPayload(notice, 'http://localhost:3000', 'msg_1');
    expect(payload).toMatchObject({
      type: 'notice.milestone-overdue',
      timestamp: '2026-07-02T00:05:00.000Z',
      data: {
        noticeId: 'msg_1',
        commitmentId: 'mdt-empleo',
        link: 'http://localhost:3000/compromisos/mdt-empleo',
        title: { es: 'Hito vencido', en: 'Milestone overdue' },
      },
    });
  });
});

describe('the weekly digest', () => {
  it('counts the week’s changes per commitment, in both languages', () => {
    const mail = renderDigest(
      {
        planId: 'p',
        week: '2026-W27',
        from: '2026-06-29T00:00:00.000Z',
        to: '2026-07-06T00:00:00.000Z',
        changes: [
          { commitmentId: 'c1', type: 'MilestoneOverdue', recordedAt: '2026-07-02T00:00:00.000Z' },
          { commitmentId: 'c1', type: 'MilestoneOverdue', recordedAt: '2026-07-02T00:00:00.000Z' },
          { commitmentId: 'c2', type: 'ReportSubmitted', recordedAt: '2026-07-03T00:00:00.000Z' },
        ],
      },
      'http://x',
    );
    expect(mail.subject).toContain('Resumen semanal 2026-W27 / Weekly digest 2026-W27');
    expect(mail.text).toContain('- c1: MilestoneOverdue ×2\n  http://x/compromisos/c1');
    expect(mail.text).toContain('3 changes on 2 commitments');
  });

  it('ISO weeks: Monday to Monday, the year of the Thursday', () => {
    expect(isoWeekOf(new Date('2026-12-03T10:00:00Z'))).toEqual({
      week: '2026-W49',
      start: '2026-11-30T00:00:00.000Z',
      end: '2026-12-07T00:00:00.000Z',
    });
    expect(isoWeekOf(new Date('2027-01-01T00:00:00Z')).week).toBe('2026-W53');
    expect(lastEndedWeek(new Date('2026-12-07T00:00:00Z')).week).toBe('2026-W49');
  });
});
