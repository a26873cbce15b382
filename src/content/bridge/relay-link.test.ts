import { describe, expect, it, vi } from 'vitest';
import type { Relay, RelayOutcome } from './relay-frame';
import { createRelayLink } from './relay-link';

const fakeRelay = (): Relay => ({ request: vi.fn(async (): Promise<RelayOutcome> => ({ reply: 'reply' })), close: vi.fn() });
const settled = () => new Promise((resolve) => setTimeout(resolve));

describe('the relay a bridge uses', () => {
  it('is none until the port has a ticket and there is something to send; then it opens once, for later requests', async () => {
    const relay = fakeRelay();
    const open = vi.fn(async () => relay);
    const link = createRelayLink(open);
    expect(link.current()).toBeUndefined();
    expect(open).not.toHaveBeenCalled();
    link.follow('a'.repeat(32));
    // The first request goes over the port while the relay opens.
    expect(link.current()).toBeUndefined();
    expect(link.current()).toBeUndefined();
    await settled();
    expect(link.current()).toBe(relay);
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith('a'.repeat(32));
  });

  it('is closed when the port closes, and a new ticket opens a new one', async () => {
    const relays = [fakeRelay(), fakeRelay()];
    const link = createRelayLink(async () => relays.shift());
    link.follow('a'.repeat(32));
    link.current();
    await settled();
    const first = link.current()!;
    link.follow(undefined);
    expect(first.close).toHaveBeenCalled();
    expect(link.current()).toBeUndefined();
    link.follow('b'.repeat(32));
    link.current();
    await settled();
    expect(link.current()).toBeDefined();
    expect(link.current()).not.toBe(first);
  });

  it('is not opened again for a ticket whose relay failed: the rest go over the port', async () => {
    const open = vi.fn(async () => fakeRelay());
    const link = createRelayLink(open);
    link.follow('a'.repeat(32));
    link.current();
    await settled();
    const failing = link.current()!;
    link.failed(failing);
    expect(failing.close).toHaveBeenCalled();
    expect(link.current()).toBeUndefined();
    await settled();
    expect(link.current()).toBeUndefined();
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('closes a relay that comes up after its ticket went', async () => {
    let finish: (relay: Relay) => void = () => undefined;
    const link = createRelayLink(() => new Promise((resolve) => (finish = resolve)));
    link.follow('a'.repeat(32));
    link.current();
    link.follow(undefined);
    const late = fakeRelay();
    finish(late);
    await settled();
    expect(late.close).toHaveBeenCalled();
    expect(link.current()).toBeUndefined();
  });
});
