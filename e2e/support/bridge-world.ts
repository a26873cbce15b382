/**
 * What code running in the bridge's world (the extension's isolated world in a Web UI page:
 * a compromised renderer can run anything there) tries, as named probes. Chromium runs them
 * in that world through the DevTools protocol; Firefox has no such door, so its test build
 * carries one extra content script (below) that runs the same probes when the page asks.
 */

/** An object of async functions, as source text, evaluated in the isolated world. */
export const PROBES_SOURCE = `({
  api: globalThis.browser ?? globalThis.chrome,
  async storageLocal() {
    try { return { value: await this.api.storage.local.get(null) }; } catch (error) { return { error: String(error) }; }
  },
  async storageSession() {
    try { return { value: await this.api.storage.session.get(null) }; } catch (error) { return { error: String(error) }; }
  },
  async writeStorageLocal(items) {
    try { await this.api.storage.local.set(items); return { value: true }; } catch (error) { return { error: String(error) }; }
  },
  async databases() {
    return { value: ((await indexedDB.databases?.()) ?? []).map((database) => database.name) };
  },
  async send(message) {
    try { return { value: await this.api.runtime.sendMessage(message) }; } catch (error) { return { error: String(error) }; }
  },
})`;

export type ProbeName = 'storageLocal' | 'storageSession' | 'writeStorageLocal' | 'databases' | 'send';
export type ProbeResult<T = unknown> = { value: T } | { error: string };

/** The extra content script of Firefox's test build: runs a probe when the page posts `{ probe, args, id }`. */
export const FIREFOX_PROBE_SCRIPT = `(() => {
  const probes = ${PROBES_SOURCE};
  window.addEventListener('message', async (event) => {
    const ask = event.data;
    if (event.source !== window || !ask || typeof ask.probe !== 'string' || typeof ask.id !== 'number') return;
    const result = await probes[ask.probe](...(ask.args ?? []));
    window.postMessage({ probeResult: ask.id, result: JSON.parse(JSON.stringify(result)) }, location.origin);
  });
})();`;

/** Evaluated in the page: asks the probe script and waits for its answer. */
export function askProbeScript(probe: ProbeName, args: unknown[]): string {
  return `new Promise((resolve) => {
    const id = Math.random();
    window.addEventListener('message', function answer(event) {
      if (event.source === window && event.data && event.data.probeResult === id) {
        window.removeEventListener('message', answer);
        resolve(event.data.result);
      }
    });
    window.postMessage({ probe: ${JSON.stringify(probe)}, args: ${JSON.stringify(args)}, id }, location.origin);
  })`;
}
