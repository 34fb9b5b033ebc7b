/**
 * Turns events stored under an older schema version into the current one as they are read, so
 * that stored events are never rewritten and deciders and projections only know the latest
 * shape. Each step upcasts one version to the next; a chain runs every step from the stored
 * version to the current one.
 */
export type Upcast = (data: any) => unknown;

export interface UpcasterStep {
  /** Stored event type, e.g. `MilestoneProgressReported`. */
  type: string;
  /** The version this step reads; it produces `fromVersion + 1`. */
  fromVersion: number;
  upcast: Upcast;
}

export class UnknownSchemaVersionError extends Error {
  override readonly name = 'UnknownSchemaVersionError';
}

export class UpcasterRegistry {
  private readonly steps = new Map<string, Upcast>();
  private readonly current = new Map<string, number>();

  constructor(currentVersions: Record<string, number> = {}, steps: readonly UpcasterStep[] = []) {
    for (const [type, version] of Object.entries(currentVersions)) this.current.set(type, version);
    for (const step of steps) this.register(step);
  }

  register(step: UpcasterStep): this {
    const key = `${step.type}@${step.fromVersion}`;
    if (this.steps.has(key)) throw new Error(`Two upcasters for ${key}`);
    this.steps.set(key, step.upcast);
    return this;
  }

  /** The version new events of `type` are written with (1 for a type never registered). */
  currentVersion(type: string): number {
    return this.current.get(type) ?? 1;
  }

  /**
   * The data of a `type` event stored at `storedVersion`, brought to the current version.
   * Fails loudly on a version from the future or a missing step rather than hand a decider
   * data of the wrong shape.
   */
  upcast(type: string, storedVersion: number, data: unknown): unknown {
    const target = this.currentVersion(type);
    if (storedVersion > target) {
      throw new UnknownSchemaVersionError(
        `${type} v${storedVersion} is newer than this code knows (v${target})`,
      );
    }
    let value = data;
    for (let version = storedVersion; version < target; version++) {
      const step = this.steps.get(`${type}@${version}`);
      if (!step) {
        throw new UnknownSchemaVersionError(
          `No upcaster from ${type} v${version} to v${version + 1}`,
        );
      }
      value = step(value);
    }
    return value;
  }
}
