import { compress } from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { uncompressSnappyBlock } from './snappy-block';

describe('the snappy block decoder', () => {
  it('refuses what would grow past the limit', () => {
    const input = new Uint8Array(1000).fill(7);
    expect(uncompressSnappyBlock(compress(input), 999)).toBeNull();
  });

  it('refuses at once a literal whose 4-byte length has its top bit set', () => {
    // Declared length 8, then a literal whose length is 0x80000000 + 1. snappyjs 0.7.0 reads that length as a
    // negative number, moves backwards through the input and does not finish for over a minute: this input is why
    // the project decodes snappy itself.
    expect(uncompressSnappyBlock(new Uint8Array([8, 0xfc, 0, 0, 0, 0x80, 1, 2, 3]), 1024)).toBeNull();
  });

  it('refuses copies from before the start and output shorter or longer than declared', () => {
    expect(uncompressSnappyBlock(new Uint8Array([4, 0x01, 0x01]), 64)).toBeNull(); // copy with nothing written yet
    expect(uncompressSnappyBlock(new Uint8Array([5, 0x00, 0x41]), 64)).toBeNull(); // 1 byte written, 5 declared
    expect(uncompressSnappyBlock(new Uint8Array([1, 0x04, 0x41, 0x42]), 64)).toBeNull(); // 2 written, 1 declared
  });
});
