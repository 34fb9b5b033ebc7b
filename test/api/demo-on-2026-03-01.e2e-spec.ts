import { describeDemoLoadedOn } from './support/demo-any-day';

describeDemoLoadedOn('2026-03-01', '2026-01-28', { start: '2026-01-01', end: '2027-12-31' });
