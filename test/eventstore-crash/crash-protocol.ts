/** Options of the crash writer child, passed as JSON in argv[2]. */
export interface CrashWriterOptions {
  dataDir: string;
  iteration: number;
  seed: number;
  anyWriters: number;
  exactWriters: number;
  /** The child stops by itself after this long (it is normally killed well before). */
  timeLimitMs: number;
  /** ... or after this many appends. */
  maxAppends: number;
}

/** What the crash writer child reports on fd 3, one JSON object a line. */
export type WriterLine =
  | { t: 'ready'; pid: number; port: number }
  /** About to append `ids` (in this order) to stream `s`; `a` names the append. */
  | { t: 'try'; a: string; s: string; ids: string[] }
  /** The server acknowledged append `a`; `rev` is its nextExpectedRevision. */
  | { t: 'ack'; a: string; rev: string; c?: string; p?: string }
  /** Append `a` failed; `wev` when with WrongExpectedVersion. */
  | { t: 'err'; a: string; e: string; wev: boolean }
  | { t: 'done'; appends: number };

/** Small seeded PRNG, so that a failing run can be replayed with the same seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
