/**
 * What a Web UI page chose and the popup shows: the namespaces it names, the codec endpoint its Web UI is set to use.
 * Always shown as text, and cut, so that no page can fill the popup with it (the tally keeps a namespace's first 256
 * characters; the page's address and its codec setting are not cut before).
 */
import { cut } from '../core/scrub';

/** Past any real namespace or codec endpoint, and a few lines of the popup at most. */
export const SHOWN_FROM_PAGE_CHARS = 200;

export const shownFromPage = (text: string): string => cut(text, SHOWN_FROM_PAGE_CHARS);
