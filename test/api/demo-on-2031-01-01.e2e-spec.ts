import { describeDemoLoadedOn } from './support/demo-any-day';

// Past the acta's period: the whole story moves four years, day and month kept.
describeDemoLoadedOn('2031-01-01', '2030-01-28', { start: '2030-01-01', end: '2031-12-31' });
