/**
 * Turns the key a user pastes into AES key bytes. The samples keep keys as base64 or
 * hex; AES-GCM takes 16 or 32 bytes (AES-128 / AES-256).
 */
export type KeyParse = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

const KEY_SIZES = new Set([16, 32]);

function fromHex(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function fromBase64(text: string): Uint8Array | null {
  const normal = text.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normal)) return null;
  try {
    return Uint8Array.from(atob(normal), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

export function parseKeyInput(input: string): KeyParse {
  const text = input.trim().replace(/\s+/g, '');
  if (!text) return { ok: false, reason: 'Paste the key.' };
  // Hex first: a 32- or 64-character hex string is also valid base64, but nobody writes base64 keys that way.
  const bytes = /^[0-9a-fA-F]{32}$|^[0-9a-fA-F]{64}$/.test(text) ? fromHex(text) : fromBase64(text);
  if (!bytes) return { ok: false, reason: 'The key must be base64 or hex.' };
  if (!KEY_SIZES.has(bytes.length)) {
    return { ok: false, reason: `The key is ${bytes.length} bytes; AES-GCM keys are 16 or 32 bytes.` };
  }
  return { ok: true, bytes };
}
