/** Messages between the benchmark driver and its server child processes (over Node IPC). */

export interface ChildTimings {
  /** When the child's Node process started (performance.timeOrigin, epoch ms). */
  processStartAt: number;
  /** When the child script began to run (after Node and ts-node booted). */
  scriptStartAt: number;
  /** When the server module had been imported (transpiled and loaded). */
  importedAt: number;
  /** When the server had started and was listening. */
  listeningAt: number;
}

export type ChildMessage =
  | {
      type: 'ready';
      port: number;
      connectionString: string;
      timings: ChildTimings;
      info?: Record<string, unknown>;
    }
  | { type: 'error'; message: string; stack?: string }
  | { type: 'stats'; memory: NodeJS.MemoryUsage }
  | { type: 'profile-started' }
  | { type: 'profile-saved'; file: string }
  | { type: 'profile-failed'; message: string }
  | { type: 'stopped' };

export type ParentMessage =
  | { type: 'stop' }
  | { type: 'stats' }
  /** Start the V8 CPU profiler (the same sampler as `node --cpu-prof`) in the child. */
  | { type: 'profile-start'; samplingIntervalUs?: number }
  /** Stop it and write the .cpuprofile to `file`. */
  | { type: 'profile-stop'; file: string };

export function isChildMessage(value: unknown): value is ChildMessage {
  return typeof value === 'object' && value !== null && 'type' in value;
}

export function isParentMessage(value: unknown): value is ParentMessage {
  return typeof value === 'object' && value !== null && 'type' in value;
}

/** Reads the child's JSON configuration from BENCH_CHILD_CONFIG. */
export function childConfig<T>(): T {
  const raw = process.env.BENCH_CHILD_CONFIG;
  if (!raw) throw new Error('BENCH_CHILD_CONFIG is not set: this script is started by the bench');
  return JSON.parse(raw) as T;
}

export function sendToParent(message: ChildMessage): void {
  if (process.send) process.send(message);
}
