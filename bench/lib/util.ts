/**
 * Small helpers shared by the benchmark driver and its child processes: clocks, statistics,
 * number formatting and per-process CPU and memory readings from /proc.
 */
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';

/** Milliseconds since the Unix epoch with sub-millisecond precision, comparable across processes. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${name} must be a non-negative number, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function envFlag(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(raw.trim().toLowerCase());
}

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Percentiles by the nearest-rank method over a copy of the samples. */
export function summarize(samples: number[]): LatencySummary | undefined {
  if (samples.length === 0) return undefined;
  const sorted = Float64Array.from(samples).sort();
  const rank = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    meanMs: sum / sorted.length,
    p50Ms: rank(0.5),
    p90Ms: rank(0.9),
    p99Ms: rank(0.99),
    maxMs: sorted[sorted.length - 1],
  };
}

export function fmtInt(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  return Math.round(n).toLocaleString('en-US');
}

export function fmtMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function fmtPct(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${(ratio * 100).toFixed(0)}%`;
}

export function fmtMB(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—';
  return `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
}

export function ratio(value: number | undefined, ceiling: number | undefined): number | undefined {
  if (value === undefined || ceiling === undefined || !(ceiling > 0)) return undefined;
  return value / ceiling;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return `${err.name === 'Error' ? '' : err.name + ': '}${err.message}`;
  return String(err);
}

/** Rejects with a labelled error when `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${label} timed out after ${fmtMs(ms)}`)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

let clockTicks: number | undefined;
function clkTck(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User + system CPU time of a process in milliseconds (Linux /proc), or undefined. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / clkTck();
  } catch {
    return undefined;
  }
}

export interface ProcessMemory {
  /** Resident set size now, in bytes. */
  rss: number;
  /** Peak resident set size (VmHWM), in bytes. */
  peakRss: number;
  /** Anonymous memory (heap, stacks, buffers) in the RSS, in bytes. */
  rssAnon: number;
  /** File-backed pages in the RSS (e.g. a memory-mapped database: reclaimable), in bytes. */
  rssFile: number;
}

export function processMemory(pid: number): ProcessMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) * 1024 : NaN;
    };
    return {
      rss: kb('VmRSS'),
      peakRss: kb('VmHWM'),
      rssAnon: kb('RssAnon'),
      rssFile: kb('RssFile') + kb('RssShmem'),
    };
  } catch {
    return undefined;
  }
}

/** CPU time (ms) the whole machine spent busy, all cores together (Linux /proc/stat). */
export function machineBusyMs(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    // cpu user nice system idle iowait irq softirq steal …
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] || 0);
    return (busy * 1000) / clkTck();
  } catch {
    return undefined;
  }
}

export interface CpuReading {
  /** % of one core used by the benchmark driver (the client). */
  clientCpuPct: number;
  /** % of one core used by the server child. */
  serverCpuPct: number | undefined;
  /** % of one core used by everything else on the machine (other processes, kernel). */
  otherCpuPct: number | undefined;
}

/**
 * Measures CPU use over a phase, as % of one core: this process (the client), a server child,
 * and the rest of the machine — on a shared 2-core machine, other load skews the figures.
 */
export class CpuMeter {
  private readonly wallStart = performance.now();
  private readonly selfStart = process.cpuUsage();
  private readonly childStart: number | undefined;
  private readonly machineStart = machineBusyMs();

  constructor(private readonly childPid?: number) {
    this.childStart = childPid === undefined ? undefined : processCpuMs(childPid);
  }

  stop(): CpuReading {
    const wall = performance.now() - this.wallStart;
    const self = process.cpuUsage(this.selfStart);
    const clientMs = (self.user + self.system) / 1000;
    let serverMs: number | undefined;
    if (this.childPid !== undefined && this.childStart !== undefined) {
      const end = processCpuMs(this.childPid);
      if (end !== undefined) serverMs = end - this.childStart;
    }
    const machineEnd = machineBusyMs();
    let otherCpuPct: number | undefined;
    if (machineEnd !== undefined && this.machineStart !== undefined) {
      const other = machineEnd - this.machineStart - clientMs - (serverMs ?? 0);
      otherCpuPct = (Math.max(0, other) / wall) * 100;
    }
    return {
      clientCpuPct: (clientMs / wall) * 100,
      serverCpuPct: serverMs === undefined ? undefined : (serverMs / wall) * 100,
      otherCpuPct,
    };
  }
}

/**
 * Waits (at most `maxWaitMs`) until the rest of the machine uses less than `thresholdPct` of a
 * core, sampled over `sampleMs`: on a shared 2-core machine a compiler or a test run in
 * another terminal halves the figures. Returns how long it waited and the last sample.
 */
export async function awaitQuiet(
  maxWaitMs: number,
  thresholdPct = 25,
  sampleMs = 500,
): Promise<{ waitedMs: number; otherCpuPct: number | undefined }> {
  const start = performance.now();
  for (;;) {
    const meter = new CpuMeter();
    await sleep(sampleMs);
    const { otherCpuPct } = meter.stop();
    const waitedMs = performance.now() - start;
    if (otherCpuPct === undefined || otherCpuPct < thresholdPct || waitedMs >= maxWaitMs) {
      return { waitedMs, otherCpuPct };
    }
  }
}
