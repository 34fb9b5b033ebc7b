/**
 * Summarises a V8 .cpuprofile (as written by `node --cpu-prof`): the functions and the files
 * (or packages) with the most self time, so a benchmark run can name the server's hot spots.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { REPO_ROOT } from './child';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface HotSpot {
  name: string;
  location: string;
  selfMs: number;
  selfPct: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Time the process was idle (waiting in the event loop). */
  idlePct: number;
  gcPct: number;
  topFunctions: HotSpot[];
  topFiles: HotSpot[];
  /** The project's own functions (libs/…) by inclusive time: self plus everything they call. */
  topProjectInclusive: HotSpot[];
}

function shortUrl(url: string): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) return path.slice(nm + '/node_modules/'.length);
  if (path.startsWith('/')) return relative(REPO_ROOT, path);
  return path;
}

/** node_modules/<pkg>/... → <pkg>; project files stay as they are. */
function packageOrFile(location: string): string {
  if (location.startsWith('node:') || location === '') return location || '(native)';
  const parts = location.split('/');
  if (location.includes('/') && !location.startsWith('libs/') && !location.startsWith('bench/')) {
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  return location;
}

export function summarizeCpuProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  // Samples taken while the profiler itself is being stopped (inside node:inspector's
  // Session.post) are the benchmark's own overhead, not the server's: leave them out.
  const excluded = new Set<number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const childIds = new Set(profile.nodes.flatMap((n) => n.children ?? []));
  const mark = (id: number, inside: boolean): void => {
    const node = byId.get(id);
    if (!node) return;
    const now = inside || node.callFrame.url === 'node:inspector';
    if (now) excluded.add(id);
    for (const c of node.children ?? []) mark(c, now);
  };
  for (const n of profile.nodes) if (!childIds.has(n.id)) mark(n.id, false);
  let excludedUs = 0;
  for (const id of excluded) excludedUs += selfUs.get(id) ?? 0;
  const totalUs = profile.endTime - profile.startTime - excludedUs;
  const byFunction = new Map<string, HotSpot>();
  const byFile = new Map<string, HotSpot>();
  let idleUs = 0;
  let gcUs = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0 || excluded.has(node.id)) continue;
    const frame = node.callFrame;
    const name = frame.functionName || '(anonymous)';
    if (name === '(idle)') {
      idleUs += us;
      continue;
    }
    if (name === '(garbage collector)') gcUs += us;
    const url = shortUrl(frame.url);
    const location = url ? `${url}:${frame.lineNumber + 1}` : '';
    const key = `${name} ${location}`;
    const spot = byFunction.get(key) ?? { name, location, selfMs: 0, selfPct: 0 };
    spot.selfMs += us / 1000;
    byFunction.set(key, spot);
    const fileKey = url ? packageOrFile(url) : name.startsWith('(') ? name : '(native)';
    const fileSpot = byFile.get(fileKey) ?? { name: fileKey, location: '', selfMs: 0, selfPct: 0 };
    fileSpot.selfMs += us / 1000;
    byFile.set(fileKey, fileSpot);
  }
  // Inclusive time of project functions, counting a function once per stack (recursion).
  const inclusive = new Map<string, HotSpot>();
  const totalOf = new Map<number, number>();
  const subtree = (id: number): number => {
    const node = byId.get(id);
    if (!node || excluded.has(id)) return 0;
    let us = selfUs.get(id) ?? 0;
    for (const c of node.children ?? []) us += subtree(c);
    totalOf.set(id, us);
    return us;
  };
  const roots = profile.nodes.filter((n) => !childIds.has(n.id));
  for (const r of roots) subtree(r.id);
  const walk = (id: number, onStack: Set<string>): void => {
    const node = byId.get(id);
    if (!node || excluded.has(id)) return;
    const url = shortUrl(node.callFrame.url);
    let key: string | undefined;
    if (url.startsWith('libs/')) {
      const name = node.callFrame.functionName || '(anonymous)';
      const location = `${url}:${node.callFrame.lineNumber + 1}`;
      key = `${name} ${location}`;
      if (!onStack.has(key)) {
        const spot = inclusive.get(key) ?? { name, location, selfMs: 0, selfPct: 0 };
        spot.selfMs += (totalOf.get(id) ?? 0) / 1000;
        inclusive.set(key, spot);
      } else key = undefined;
    }
    if (key) onStack.add(key);
    for (const c of node.children ?? []) walk(c, onStack);
    if (key) onStack.delete(key);
  };
  for (const r of roots) walk(r.id, new Set());

  const finish = (spots: Iterable<HotSpot>): HotSpot[] =>
    [...spots]
      .map((s) => ({ ...s, selfPct: (s.selfMs * 1000 * 100) / totalUs }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top);
  return {
    file,
    totalMs: totalUs / 1000,
    idlePct: (idleUs * 100) / totalUs,
    gcPct: (gcUs * 100) / totalUs,
    topFunctions: finish(byFunction.values()),
    topFiles: finish(byFile.values()),
    topProjectInclusive: finish(inclusive.values()),
  };
}
