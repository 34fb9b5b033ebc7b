/** The fields of a milestone the roll-up reads. */
export interface WeightedMilestone {
  weight: number;
  /** Highest percent the counterpart has endorsed; unendorsed claims do not count. */
  lastEndorsedPercent: number;
  completed: boolean;
}

/** A completed milestone counts as 100 whatever its reports said. */
export function milestoneProgress(milestone: WeightedMilestone): number {
  return milestone.completed ? 100 : milestone.lastEndorsedPercent;
}

/**
 * Σ w·p / Σ w over the milestones, rounded to one decimal; 0 with no milestones. Only endorsed
 * progress counts, so a claim the counterpart has not endorsed moves nothing. Weights need not
 * add up to 100 while the plan is still being drafted.
 */
export function commitmentProgress(milestones: readonly WeightedMilestone[]): number {
  const totalWeight = milestones.reduce((sum, milestone) => sum + milestone.weight, 0);
  if (totalWeight === 0) return 0;
  const weighted = milestones.reduce(
    (sum, milestone) => sum + milestone.weight * milestoneProgress(milestone),
    0,
  );
  // Integer numerator before dividing keeps 0.05 boundaries from drifting in binary floats.
  return Math.round((weighted * 10) / totalWeight) / 10;
}
