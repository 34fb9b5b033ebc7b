import { commitmentPageUrl, type RenderedEmail } from './render';

/** One week of changes on a plan's commitments, for a Core Group member. */
export interface Digest {
  planId: string;
  /** ISO week, e.g. `2026-W49`. */
  week: string;
  from: string;
  to: string;
  changes: { commitmentId: string; type: string; recordedAt: string }[];
}

/** The weekly digest: per commitment, how many changes of each kind, with its link. */
export function renderDigest(digest: Digest, publicUrl: string): RenderedEmail {
  const byCommitment = new Map<string, Map<string, number>>();
  for (const change of digest.changes) {
    const kinds = byCommitment.get(change.commitmentId) ?? new Map<string, number>();
    kinds.set(change.type, (kinds.get(change.type) ?? 0) + 1);
    byCommitment.set(change.commitmentId, kinds);
  }
  const lines = [...byCommitment.entries()].map(([id, kinds]) => ({
    id,
    link: commitmentPageUrl(publicUrl, id),
    kinds: [...kinds.entries()].map(([type, n]) => `${type} ×${n}`).join(', '),
  }));
  const subject = `[hitos] Resumen semanal ${digest.week} / Weekly digest ${digest.week} — ${digest.planId}`;
  const list = lines.map((l) => `- ${l.id}: ${l.kinds}\n  ${l.link}`).join('\n');
  const text = [
    `Resumen semanal del plan ${digest.planId}, semana ${digest.week}: ${digest.changes.length} cambios en ${lines.length} compromisos.`,
    '',
    list,
    '',
    '---',
    '',
    `Weekly digest of plan ${digest.planId}, week ${digest.week}: ${digest.changes.length} changes on ${lines.length} commitments.`,
    '',
    list,
    '',
  ].join('\n');
  const items = lines.map((l) => `<li><a href="${l.link}">${l.id}</a>: ${l.kinds}</li>`).join('');
  const html = `<!doctype html><html lang="es"><body><section lang="es"><h1>Resumen semanal ${digest.week}</h1><ul>${items}</ul></section><hr><section lang="en"><h1>Weekly digest ${digest.week}</h1><ul>${items}</ul></section></body></html>`;
  return { subject, text, html };
}
