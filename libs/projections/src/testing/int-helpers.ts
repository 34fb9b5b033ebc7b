import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppendOutcome, EventStore } from '@hitos/event-store';

export function tempDirectory(label: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `hitos-projections-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A stream prefix of its own per test, so tests sharing a server do not see each other. */
export const uniquePrefix = (label: string) => `${label}${randomUUID().slice(0, 8)}-`;

export async function appendNumbered(
  store: EventStore,
  stream: string,
  from: number,
  count: number,
  type = 'Counted',
  extra: Record<string, unknown> = {},
): Promise<AppendOutcome> {
  return store.appendToStream(
    stream,
    Array.from({ length: count }, (_, i) => ({
      id: randomUUID(),
      type,
      data: { n: from + i, ...extra },
      metadata: { schemaVersion: 1, recordedAt: RECORDED_AT },
    })),
    'any',
  );
}

/** When the numbered events say they were recorded: a fixed day, as every test's. */
const RECORDED_AT = '2026-11-24T15:00:00.000Z';

export function waitUntil(
  condition: () => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (condition()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`Timed out waiting for ${what}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}
