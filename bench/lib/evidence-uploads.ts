/**
 * The evidence uploads of bench:api: `clients` concurrent clients each filing `perClient`
 * documents of 1 MiB (distinct content: a PDF header and random bytes) to POST /api/evidence,
 * beside the disk's sequential write rate measured in the same directory in the same run (one
 * file of the same total size, written in 1 MiB blocks and fsynced), and the API process's RSS
 * sampled while the uploads run: flat, since files are streamed to disk, never held whole.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, closeSync, fsyncSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { processMemory } from './util';

export const MIB = 1024 * 1024;

export interface UploadMeasure {
  files: number;
  bytes: number;
  seconds: number;
  /** Uploaded bytes per second, in MiB/s. */
  mibPerSecond: number;
  /** The same total written with write+fsync in the same directory, in MiB/s. */
  diskMibPerSecond: number;
  rss: { min: number; max: number; samples: number };
  failures: string[];
}

/** One distinct 1 MiB document a client files. */
function document(): Buffer {
  const header = Buffer.from('%PDF-1.7\n% bench\n');
  return Buffer.concat([header, randomBytes(MIB - header.length)]);
}

/** Writes `bytes` to a new file in `dir` in 1 MiB blocks, then fsyncs it: MiB/s. */
export function diskWriteRate(dir: string, bytes: number): number {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `disk-rate-${process.pid}.bin`);
  const block = randomBytes(MIB);
  const started = performance.now();
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < bytes; written += MIB) writeSync(fd, block);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const seconds = (performance.now() - started) / 1000;
  rmSync(path, { force: true });
  return bytes / MIB / seconds;
}

export async function evidenceUploads(options: {
  base: string;
  auth: string;
  apiPid: number;
  evidenceDir: string;
  clients: number;
  perClient: number;
}): Promise<UploadMeasure> {
  const { clients, perClient } = options;
  const failures: string[] = [];
  const rss = { min: Infinity, max: 0, samples: 0 };
  const sample = () => {
    const memory = processMemory(options.apiPid);
    if (!memory || !Number.isFinite(memory.rss)) return;
    rss.min = Math.min(rss.min, memory.rss);
    rss.max = Math.max(rss.max, memory.rss);
    rss.samples++;
  };
  // Each client's documents are made before the clock starts: the bench measures the API.
  const documents = Array.from({ length: clients }, () =>
    Array.from({ length: perClient }, document),
  );
  sample();
  const sampler = setInterval(sample, 50);
  const started = performance.now();
  await Promise.all(
    documents.map(async (mine) => {
      for (const bytes of mine) {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(bytes)]), 'informe.pdf');
        const res = await fetch(`${options.base}/api/evidence`, {
          method: 'POST',
          headers: { authorization: options.auth },
          body: form,
        });
        const text = await res.text();
        if (res.status !== 201 && failures.length < 5) failures.push(`${res.status} ${text}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  sample();
  const files = clients * perClient;
  const bytes = files * MIB;
  return {
    files,
    bytes,
    seconds,
    mibPerSecond: bytes / MIB / seconds,
    diskMibPerSecond: diskWriteRate(options.evidenceDir, bytes),
    rss,
    failures,
  };
}
