/**
 * A stand-in for a page's zustand hook, over `holder.state`: a render on the server side reads a zustand store's first
 * state only, so a test draws a component from a store of its own. Used from a `vi.mock` factory, whose hoisting keeps
 * it from the test module's imports: `vi.mock('./store', async () => ({ useX: (await import(…)).storeHook(holder) }))`.
 */
export function storeHook(holder: { state: Record<string, unknown> }) {
  return Object.assign((select?: (state: unknown) => unknown) => (select ? select(holder.state) : holder.state), { getState: () => holder.state, setState: () => undefined });
}
