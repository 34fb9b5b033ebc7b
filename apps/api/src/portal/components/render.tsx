import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { PageContext, type PageContextValue } from './page-context';

/** A page's HTML document: Preact escapes every text and attribute it renders. */
export function renderDocument(
  page: VNode,
  context: PageContextValue = { replayAt: null },
): string {
  return `<!doctype html>${render(<PageContext.Provider value={context}>{page}</PageContext.Provider>)}`;
}
