import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';

/** A page's HTML document: Preact escapes every text and attribute it renders. */
export function renderDocument(page: VNode): string {
  return `<!doctype html>${render(page)}`;
}
