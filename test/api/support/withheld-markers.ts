/**
 * How many parts of a commitment's detail are withheld in place (`"withheld": true`), each
 * counted once: a progress report's `review` and `answer` repeat its latest round's objection,
 * answer or endorsement (review in rounds), which `rounds` and `endorsement` already carry, so
 * they are left out. The detail's `withheldEvidence + withheldReports + withheldTexts` is this.
 */
export function withheldMarkers(view: any): number {
  const once = JSON.stringify({
    ...view,
    milestones: (view.milestones ?? []).map((m: any) => ({
      ...m,
      reports: (m.reports ?? []).map(
        ({ review: _review, answer: _answer, ...report }: any) => report,
      ),
    })),
  });
  return (once.match(/"withheld":true/g) ?? []).length;
}
