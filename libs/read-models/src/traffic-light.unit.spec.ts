import {
  DEFAULT_TRAFFIC_LIGHT_RULES,
  commitmentTrafficLight,
  daysBetween,
  milestoneTrafficLight,
  type MilestoneSignals,
} from './traffic-light';

const TODAY = '2026-06-15';

/** A milestone on track: started, reported recently, due in months, no slips. */
const base: MilestoneSignals = {
  start: '2026-02-01',
  due: '2026-12-31',
  completed: false,
  progress: 40,
  lastReportOn: '2026-06-01',
  oldestOpenObjectionOn: null,
  slips: 0,
  commitmentStatus: 'InImplementation',
};

const code = (m: Partial<MilestoneSignals>, rules = DEFAULT_TRAFFIC_LIGHT_RULES) =>
  milestoneTrafficLight({ ...base, ...m }, TODAY, rules);

describe('traffic light', () => {
  it('counts calendar days', () => {
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
  });

  it('green ON_TRACK when no rule matches', () => {
    expect(code({})).toEqual({
      colour: 'green',
      rule: { code: 'ON_TRACK', es: 'En plazo.', en: 'On track.' },
    });
  });

  it('grey COMMITMENT_INACTIVE for a completed, closed or withdrawn commitment, even if overdue', () => {
    for (const commitmentStatus of ['Completed', 'Closed', 'Withdrawn']) {
      expect(code({ commitmentStatus, due: '2026-01-31' })).toMatchObject({
        colour: 'grey',
        rule: { code: 'COMMITMENT_INACTIVE' },
      });
    }
  });

  it('grey COMPLETED for a completed milestone, even past its due date', () => {
    expect(code({ completed: true, due: '2026-03-01' })).toMatchObject({
      colour: 'grey',
      rule: { code: 'COMPLETED', es: 'Hito cumplido.' },
    });
  });

  it('red OVERDUE the day after the due date, not on it', () => {
    expect(code({ due: '2026-06-14' })).toEqual({
      colour: 'red',
      rule: {
        code: 'OVERDUE',
        es: 'Vencido hace 1 día (vencía el 2026-06-14).',
        en: 'Overdue by 1 day (was due 2026-06-14).',
      },
    });
    expect(code({ due: TODAY, progress: 90 }).rule.code).toBe('ON_TRACK');
  });

  it('red STALE_OBJECTION past the limit, amber OPEN_OBJECTION within it', () => {
    // 2026-05-15 → 2026-06-15 is 31 days: over the default 30.
    expect(code({ oldestOpenObjectionOn: '2026-05-15' })).toMatchObject({
      colour: 'red',
      rule: {
        code: 'STALE_OBJECTION',
        es: 'Una observación de la contraparte lleva 31 días sin respuesta (máximo 30).',
      },
    });
    expect(code({ oldestOpenObjectionOn: '2026-05-16' })).toMatchObject({
      colour: 'amber',
      rule: { code: 'OPEN_OBJECTION' },
    });
    expect(
      code(
        { oldestOpenObjectionOn: '2026-05-15' },
        { ...DEFAULT_TRAFFIC_LIGHT_RULES, objectionMaxAgeDays: 60 },
      ).rule.code,
    ).toBe('OPEN_OBJECTION');
  });

  it('red TOO_MANY_SLIPS from redSlips, amber SLIPPED from amberSlips', () => {
    expect(code({ slips: 3 })).toMatchObject({
      colour: 'red',
      rule: { code: 'TOO_MANY_SLIPS', es: 'Reprogramado 3 veces (rojo desde 3).' },
    });
    expect(code({ slips: 2 })).toMatchObject({ colour: 'amber', rule: { code: 'SLIPPED' } });
    expect(code({ slips: 1 })).toMatchObject({
      colour: 'amber',
      rule: { code: 'SLIPPED', es: 'Reprogramado 1 vez.', en: 'Rescheduled 1 time.' },
    });
    expect(code({ slips: 1 }, { ...DEFAULT_TRAFFIC_LIGHT_RULES, amberSlips: 2 }).rule.code).toBe(
      'ON_TRACK',
    );
    expect(code({ slips: 2 }, { ...DEFAULT_TRAFFIC_LIGHT_RULES, redSlips: 2 }).colour).toBe('red');
  });

  it('amber DUE_SOON_LOW_PROGRESS when due within dueSoonDays below dueSoonMinProgress', () => {
    expect(code({ due: '2026-07-15', progress: 74 })).toMatchObject({
      colour: 'amber',
      rule: {
        code: 'DUE_SOON_LOW_PROGRESS',
        es: 'Vence en 30 días con un avance avalado del 74 % (menos del 75 %).',
        en: 'Due in 30 days with 74% endorsed progress (below 75%).',
      },
    });
    expect(code({ due: '2026-07-15', progress: 75 }).rule.code).toBe('ON_TRACK');
    expect(code({ due: '2026-07-16', progress: 0 }).rule.code).toBe('ON_TRACK');
  });

  it('amber NO_RECENT_REPORT after staleReportDays without a report, counted from the start', () => {
    expect(code({ lastReportOn: '2026-03-17' })).toMatchObject({
      colour: 'amber',
      rule: {
        code: 'NO_RECENT_REPORT',
        es: 'Sin reportes de avance desde el 2026-03-17 (90 días).',
      },
    });
    expect(code({ lastReportOn: '2026-03-18' }).rule.code).toBe('ON_TRACK');
    expect(code({ lastReportOn: null, start: '2026-03-17' }).rule).toMatchObject({
      code: 'NO_RECENT_REPORT',
      en: 'No progress report in the 90 days since the start (2026-03-17).',
    });
    // Not started yet: silence is expected.
    expect(code({ lastReportOn: null, start: '2026-07-01' }).rule.code).toBe('ON_TRACK');
  });

  it('checks the rules in their published order', () => {
    expect(
      code({ due: '2026-06-01', slips: 5, oldestOpenObjectionOn: '2026-01-01' }).rule.code,
    ).toBe('OVERDUE');
    expect(code({ slips: 5, oldestOpenObjectionOn: '2026-01-01' }).rule.code).toBe(
      'STALE_OBJECTION',
    );
    expect(code({ slips: 1, oldestOpenObjectionOn: '2026-06-01' }).rule.code).toBe(
      'OPEN_OBJECTION',
    );
  });

  describe('a commitment', () => {
    it('takes the worst light of its milestones, naming the milestone', () => {
      const light = commitmentTrafficLight(
        'InImplementation',
        [
          { ...base, milestoneId: 'h1', completed: true },
          { ...base, milestoneId: 'h2', slips: 1 },
          { ...base, milestoneId: 'h3', due: '2026-06-01' },
          { ...base, milestoneId: 'h4', slips: 3 },
        ],
        TODAY,
      );
      // h3 and h4 are both red; h3 is due first.
      expect(light).toMatchObject({ colour: 'red', milestoneId: 'h3', rule: { code: 'OVERDUE' } });
    });

    it('is green when every open milestone is, and grey when all are completed', () => {
      expect(
        commitmentTrafficLight('InImplementation', [{ ...base, milestoneId: 'h1' }], TODAY),
      ).toMatchObject({ colour: 'green', milestoneId: 'h1' });
      expect(
        commitmentTrafficLight(
          'InImplementation',
          [{ ...base, milestoneId: 'h1', completed: true }],
          TODAY,
        ).colour,
      ).toBe('grey');
    });

    it('is grey NO_MILESTONES with none, COMMITMENT_INACTIVE when no longer in implementation', () => {
      expect(commitmentTrafficLight('Draft', [], TODAY)).toMatchObject({
        colour: 'grey',
        rule: { code: 'NO_MILESTONES' },
        milestoneId: null,
      });
      expect(
        commitmentTrafficLight('Withdrawn', [{ ...base, due: '2026-01-01' }], TODAY),
      ).toMatchObject({ colour: 'grey', rule: { code: 'COMMITMENT_INACTIVE' } });
    });
  });
});
