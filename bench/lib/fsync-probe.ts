/**
 * The disk's durable-write ceiling: append a 500-byte record and fdatasync it, in a loop, in
 * the filesystem that holds the server's data directory. A server that makes every append
 * durable before acknowledging it cannot acknowledge more sequential appends than this (group
 * commit lets concurrent writers share one sync, so their total can exceed it).
 */
import {
  closeSync,
  fdatasyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { summarize, type LatencySummary } from './util';

export interface FsyncProbeResult {
  dir: string;
  filesystem: string;
  recordBytes: number;
  seconds: number;
  syncs: number;
  syncsPerSec: number;
  latency: LatencySummary | undefined;
}

/** The mount (device, mount point and type) that holds `dir`, from /proc/mounts. */
export function filesystemOf(dir: string): string {
  try {
    const real = realpathSync(dir);
    let best = { mount: '', text: 'unknown' };
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [device, mount, type] = line.split(' ');
      if (!mount) continue;
      const inside = real === mount || real.startsWith(mount.endsWith('/') ? mount : mount + '/');
      if (inside && mount.length >= best.mount.length) {
        best = { mount, text: `${type} on ${device} (mounted at ${mount})` };
      }
    }
    return best.text;
  } catch {
    return 'unknown';
  }
}

export function probeFsync(dir: string, seconds: number, recordBytes = 500): FsyncProbeResult {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `fsync-probe-${process.pid}.bin`);
  const record = Buffer.alloc(recordBytes, 0x61);
  const latencies: number[] = [];
  const fd = openSync(file, 'a');
  try {
    // One untimed round so the file exists on disk with its metadata.
    writeSync(fd, record);
    fdatasyncSync(fd);
    const start = performance.now();
    const until = start + seconds * 1000;
    let now = start;
    while (now < until) {
      const t0 = now;
      writeSync(fd, record);
      fdatasyncSync(fd);
      now = performance.now();
      latencies.push(now - t0);
    }
    const elapsed = (now - start) / 1000;
    return {
      dir,
      filesystem: filesystemOf(dir),
      recordBytes,
      seconds: elapsed,
      syncs: latencies.length,
      syncsPerSec: latencies.length / elapsed,
      latency: summarize(latencies),
    };
  } finally {
    closeSync(fd);
    unlinkSync(file);
  }
}
