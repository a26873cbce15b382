import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { PACKED_TEXT_CHARS } from '../shared/messages/limits';
import { PortReplySchema, REPLY_PART_CHARS, REPLY_PARTS_MAX, ReplyPartSchema } from '../shared/messages/port';
import { RelayReplySchema } from '../shared/messages/relay';
import { PackedText } from './packed-text';
import { REPLY_TOO_LARGE, replyFrames, wholeReply } from './reply-frames';

/** Packed text of outcomes given as their pieces. */
const packed = (...items: string[][]) => new PackedText(items);

describe('the frames of a reply', () => {
  it('are the reply itself for anything but packed text, and for a failure', () => {
    expect([...replyFrames(4, { ok: true, value: { decode: true } })]).toEqual([{ id: 4, reply: { ok: true, value: { decode: true } } }]);
    expect([...replyFrames(4, { ok: false, error: 'Unknown request.' })]).toEqual([{ id: 4, reply: { ok: false, error: 'Unknown request.' } }]);
  });

  it('are one frame of its texts for packed text no longer than a part', () => {
    expect([...replyFrames(5, { ok: true, value: packed(['{"ok":', 'true}']) }, 13)]).toEqual([{ id: 5, reply: { ok: true, value: ['[{"ok":true}]'] } }]);
    const long = 'x'.repeat(PACKED_TEXT_CHARS);
    expect([...replyFrames(5, { ok: true, value: packed([`"${long}"`], ['1']) })]).toEqual([{ id: 5, reply: { ok: true, value: [`["${long}"]`, '[1]'] } }]);
  });

  it('are parts, in order, each saying how many there are, for longer packed text', () => {
    expect([...replyFrames(6, { ok: true, value: packed(['{"ok":true}']) }, 5)]).toEqual([
      { id: 6, part: 0, parts: 3, text: '[{"ok' },
      { id: 6, part: 1, parts: 3, text: '":tru' },
      { id: 6, part: 2, parts: 3, text: 'e}]' },
    ]);
  });

  it('are as many parts as the bridge takes at most, and no more', () => {
    const frames = [...replyFrames(8, { ok: true, value: packed(['x'.repeat(REPLY_PARTS_MAX * 2 - 2)]) }, 2)];
    expect(frames).toHaveLength(REPLY_PARTS_MAX);
    expect(frames.at(-1)).toEqual({ id: 8, part: REPLY_PARTS_MAX - 1, parts: REPLY_PARTS_MAX, text: 'x]' });
  });

  it('are one failure, saying why, for packed text longer than the parts the bridge takes', () => {
    // A codec server's answers to one batch have no cap in all: what would be one part too many is no reply at all.
    const frames = [...replyFrames(9, { ok: true, value: packed(['x'.repeat(REPLY_PARTS_MAX * 2 - 1)]) }, 2)];
    expect(frames).toEqual([{ id: 9, reply: { ok: false, error: REPLY_TOO_LARGE } }]);
    // The bridge reads it as the reply it is, on the port and on a relay channel.
    expect(v.is(PortReplySchema, frames[0])).toBe(true);
    expect(v.is(RelayReplySchema, frames[0])).toBe(true);
  });

  it('are parts the bridge takes, at the size it takes, for the longest replies the caps let through', () => {
    const data = 'QUJD'.repeat(1_400_000);
    const text = packed(...Array.from({ length: 8 }, () => ['{"ok":true,"payload":{"data":"', data, '"}}']));
    const frames = [...replyFrames(7, { ok: true, value: text })];
    expect(frames).toHaveLength(Math.ceil(text.length / REPLY_PART_CHARS));
    for (const frame of frames) expect(v.is(ReplyPartSchema, frame)).toBe(true);
    expect(JSON.parse(frames.map((frame) => (frame as { text: string }).text).join(''))).toEqual(Array.from({ length: 8 }, () => ({ ok: true, payload: { data } })));
  });
});

describe('a reply as one message carries it', () => {
  it('has packed text as its texts, and anything else as it was', () => {
    expect(wholeReply({ ok: true, value: packed() })).toEqual({ ok: true, value: ['[]'] });
    expect(wholeReply({ ok: true, value: packed(['1'], ['"x"']) })).toEqual({ ok: true, value: ['[1,"x"]'] });
    const reply = { ok: true as const, value: { active: true } };
    expect(wholeReply(reply)).toBe(reply);
  });
});
