/**
 * The URL parser as each browser has it where a host holds `*` (or `%`), for tests of code that must give the same
 * answer in both: Firefox's refuses the address; Chromium's takes it and escapes the `*` to `%2A` in what it reads
 * back. Node's takes it as written, like neither.
 */
import { vi } from 'vitest';

const MANY_HOSTS = /^[^:]+:\/\/[^/]*[*%]/;

function firefoxUrl(Parser: typeof URL): typeof URL {
  return class extends Parser {
    constructor(url: string | URL, base?: string | URL) {
      if (MANY_HOSTS.test(String(url))) throw new TypeError(`URL constructor: ${String(url)} is not a valid URL.`);
      super(url, base);
    }
  };
}

function chromiumUrl(Parser: typeof URL): typeof URL {
  const escaped = (text: string) => text.replaceAll('*', '%2A');
  return class extends Parser {
    override get hostname() {
      return escaped(super.hostname);
    }
    override get host() {
      return escaped(super.host);
    }
    override get origin() {
      return escaped(super.origin);
    }
    override get href() {
      return escaped(super.href);
    }
  };
}

export const URL_PARSERS = ['Node', 'Firefox', 'Chromium'] as const;

/** Runs `check` with the global URL parser behaving as `parser`'s does. */
export function withUrlParserOf<T>(parser: (typeof URL_PARSERS)[number], check: () => T): T {
  if (parser === 'Node') return check();
  vi.stubGlobal('URL', (parser === 'Firefox' ? firefoxUrl : chromiumUrl)(URL));
  try {
    return check();
  } finally {
    vi.unstubAllGlobals();
  }
}
