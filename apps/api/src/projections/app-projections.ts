import {
  HITOS_PROJECTIONS,
  commitmentSummaryProjection,
  type Projection,
} from '@hitos/projections';

/** The read models the API keeps, and `npm run projections:rebuild` rebuilds. */
export const APP_PROJECTIONS: readonly Projection[] = [
  commitmentSummaryProjection,
  ...HITOS_PROJECTIONS,
];
