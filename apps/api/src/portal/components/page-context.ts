import { createContext } from 'preact';

/** What every page of one request shares beyond its own data, provided by the controller. */
export interface PageContextValue {
  /** When this process serves a replay (`hitos audit serve`): the instant it stands at. */
  replayAt: string | null;
}

export const PageContext = createContext<PageContextValue>({ replayAt: null });
