import { commitmentProgress, milestoneProgress, type WeightedMilestone } from './progress';

const m = (weight: number, lastEndorsedPercent: number, completed = false): WeightedMilestone => ({
  weight,
  lastEndorsedPercent,
  completed,
});

describe('commitment progress roll-up', () => {
  it('is 0 with no milestones', () => {
    expect(commitmentProgress([])).toBe(0);
  });

  it('is 0 when nothing is endorsed yet', () => {
    expect(commitmentProgress([m(30, 0), m(70, 0)])).toBe(0);
  });

  it('weights each milestone: Σ w·p / Σ w', () => {
    // (30·50 + 40·25 + 30·0) / 100
    expect(commitmentProgress([m(30, 50), m(40, 25), m(30, 0)])).toBe(25);
  });

  it('counts a completed milestone as 100 whatever its last endorsed percent', () => {
    expect(milestoneProgress(m(30, 80, true))).toBe(100);
    expect(commitmentProgress([m(30, 80, true), m(70, 0)])).toBe(30);
  });

  it('divides by the planned weight, so partial plans still read as a share', () => {
    expect(commitmentProgress([m(30, 100)])).toBe(100);
    expect(commitmentProgress([m(20, 50), m(20, 0)])).toBe(25);
  });

  it('rounds to one decimal', () => {
    expect(commitmentProgress([m(1, 100), m(1, 0), m(1, 0)])).toBe(33.3);
    expect(commitmentProgress([m(2, 100), m(1, 0)])).toBe(66.7);
    expect(commitmentProgress([m(3, 37), m(7, 12)])).toBe(19.5);
  });

  it('is 100 when every milestone is completed', () => {
    expect(commitmentProgress([m(30, 100, true), m(40, 100, true), m(30, 100, true)])).toBe(100);
  });
});
