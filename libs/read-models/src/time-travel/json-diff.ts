/**
 * The fields that differ between two JSON views, as RFC 9535 JSONPath expressions:
 * `$.status`, `$.milestones[?@.milestoneId=='h1'].lastEndorsedPercent`. An array's items are
 * matched by an identity they carry (a milestone by `milestoneId`, a report by `reportId`…) when
 * every item has a distinct one on both sides, so an item added in the middle changes only
 * itself; otherwise by index (`$.statusHistory[2]`). Arrays of plain values are compared whole.
 */
export interface FieldChange {
  path: string;
  change: 'added' | 'removed' | 'changed';
  /** Null when added. */
  before: unknown;
  /** Null when removed. */
  after: unknown;
}

/**
 * The keys an array item may be known by, the first that identifies every item winning: the most
 * specific first (a report carries its milestone's id too).
 */
export const IDENTITY_KEYS = [
  'reportId',
  'milestoneId',
  'resourceId',
  'assessmentId',
  'redesignEventId',
  'periodStart',
  'commitmentId',
  'institutionId',
  'pillar',
  'month',
  'position',
  'url',
] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function diffJson(before: unknown, after: unknown, path = '$'): FieldChange[] {
  const changes: FieldChange[] = [];
  walk(before as Json, after as Json, path, changes);
  return changes;
}

function walk(before: Json, after: Json, path: string, out: FieldChange[]): void {
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(after)) {
      const at = member(path, key);
      if (!(key in before))
        out.push({ path: at, change: 'added', before: null, after: after[key] });
      else walk(before[key], after[key], at, out);
    }
    for (const key of Object.keys(before)) {
      if (!(key in after)) {
        out.push({ path: member(path, key), change: 'removed', before: before[key], after: null });
      }
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && hasObjects(before, after)) {
    walkArray(before, after, path, out);
    return;
  }
  if (!equal(before, after)) out.push({ path, change: 'changed', before, after });
}

const hasObjects = (a: Json[], b: Json[]) => [...a, ...b].some((item) => isObject(item));

function walkArray(before: Json[], after: Json[], path: string, out: FieldChange[]): void {
  const key = identityOf(before, after);
  if (!key) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      const at = `${path}[${i}]`;
      if (i >= before.length)
        out.push({ path: at, change: 'added', before: null, after: after[i] });
      else if (i >= after.length) {
        out.push({ path: at, change: 'removed', before: before[i], after: null });
      } else walk(before[i], after[i], at, out);
    }
    return;
  }
  const idOf = (item: Json) => (item as Record<string, Json>)[key] as string | number;
  const earlier = new Map(before.map((item) => [idOf(item), item]));
  const later = new Set(after.map(idOf));
  for (const item of after) {
    const at = selector(path, key, idOf(item));
    const was = earlier.get(idOf(item));
    if (was === undefined) out.push({ path: at, change: 'added', before: null, after: item });
    else walk(was, item, at, out);
  }
  for (const item of before) {
    if (!later.has(idOf(item))) {
      out.push({
        path: selector(path, key, idOf(item)),
        change: 'removed',
        before: item,
        after: null,
      });
    }
  }
}

/** The first identity key every item of both arrays carries, distinct within each array. */
function identityOf(before: Json[], after: Json[]): string | null {
  for (const key of IDENTITY_KEYS) {
    if ([before, after].every((items) => identifies(items, key))) return key;
  }
  return null;
}

function identifies(items: Json[], key: string): boolean {
  const seen = new Set<unknown>();
  for (const item of items) {
    if (!isObject(item)) return false;
    const id = item[key];
    if ((typeof id !== 'string' && typeof id !== 'number') || seen.has(id)) return false;
    seen.add(id);
  }
  return true;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const quoted = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function member(path: string, key: string): string {
  return NAME.test(key) ? `${path}.${key}` : `${path}[${quoted(key)}]`;
}

function selector(path: string, key: string, id: string | number): string {
  return `${path}[?@.${key}==${typeof id === 'number' ? String(id) : quoted(id)}]`;
}

function equal(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => equal(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && equal(a[k], b[k]));
  }
  return false;
}

/** Whether two paths name the same field, or one lies inside the other. */
export function overlaps(a: string, b: string): boolean {
  const inside = (inner: string, outer: string) =>
    inner.startsWith(outer) && (inner[outer.length] === '.' || inner[outer.length] === '[');
  return a === b || inside(a, b) || inside(b, a);
}
