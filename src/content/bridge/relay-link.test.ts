import { describe, expect, it, vi } from 'vitest';
import type { Relay, RelayOutcome } from './relay-frame';
import { askRelayFirst, createRelayLink } from './relay-link';

const fakeRelay = (): Relay => ({ request: vi.fn(async (): Promise<RelayOutcome> => ({ reply: 'reply' })), close: vi.fn() });
const settled = () => new Promise((resolve) => setTimeout(resolve));

/** The port is given `ticket`, a request asks for the relay, and the relay comes up: returns it. */
async function upFor(link: ReturnType<typeof createRelayLink>, ticket: string): Promise<Relay | undefined> {
  link.follow(ticket);
  link.current();
  await settled();
  return link.current();
}

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
    const first = (await upFor(link, 'a'.repeat(32)))!;
    link.follow(undefined);
    expect(first.close).toHaveBeenCalled();
    expect(link.current()).toBeUndefined();
    const second = await upFor(link, 'b'.repeat(32));
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
  });

  it('is not opened again for a ticket whose relay failed: the rest go over the port', async () => {
    const open = vi.fn(async () => fakeRelay());
    const link = createRelayLink(open);
    const failing = (await upFor(link, 'a'.repeat(32)))!;
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

describe('a request that may take the relay', () => {
  /** A link whose relay is up and answers each request with the next outcome. */
  async function upWith(...outcomes: RelayOutcome[]) {
    const relay: Relay = { request: vi.fn(async () => outcomes.shift()!), close: vi.fn() };
    const link = createRelayLink(async () => relay);
    await upFor(link, 'a'.repeat(32));
    const overPort = vi.fn(async () => 'over the port');
    return { link, relay, overPort };
  }

  it('goes over the port while no relay is up', async () => {
    const link = createRelayLink(async () => undefined);
    const overPort = vi.fn(async () => 'over the port');
    expect(await askRelayFirst(link, overPort, 'decode')).toBe('over the port');
  });

  it('is answered by the relay when it replies', async () => {
    const { link, overPort } = await upWith({ reply: 'decoded' });
    expect(await askRelayFirst(link, overPort, 'decode')).toBe('decoded');
    expect(overPort).not.toHaveBeenCalled();
  });

  it('goes over the port when the relay is busy, and the next one takes the relay again', async () => {
    const { link, overPort, relay } = await upWith('busy', { reply: 'decoded' });
    expect(await askRelayFirst(link, overPort, 'decode')).toBe('over the port');
    expect(relay.close).not.toHaveBeenCalled();
    expect(await askRelayFirst(link, overPort, 'decode')).toBe('decoded');
  });

  it('goes over the port when the relay did not carry it, and the relay is not asked again', async () => {
    const { link, overPort, relay } = await upWith('not-carried', { reply: 'decoded' });
    expect(await askRelayFirst(link, overPort, 'decode')).toBe('over the port');
    expect(relay.close).toHaveBeenCalled();
    expect(await askRelayFirst(link, overPort, 'decode')).toBe('over the port');
    expect(relay.request).toHaveBeenCalledTimes(1);
  });

  it('goes over the port, as a request sent again, when the port closed before the service worker took it', async () => {
    const { link, overPort, relay } = await upWith('not-taken');
    expect(await askRelayFirst(link, overPort, 'decode')).toBe('over the port');
    // Said to be sent again, so the port does not send it a third time.
    expect(overPort).toHaveBeenCalledWith('decode', { resent: true });
    expect(relay.close).toHaveBeenCalled();
  });

  it('is answered with nothing when the relay lost it, and not asked again over the port', async () => {
    const { link, overPort } = await upWith('lost');
    expect(await askRelayFirst(link, overPort, 'decode')).toBeUndefined();
    expect(overPort).not.toHaveBeenCalled();
  });
});
