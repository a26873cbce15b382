/**
 * Text that came from a codec server (an error body) or quotes what a payload claims (a key
 * id, an encoding), made safe to store and show: a server may echo what it was sent, tokens
 * included, and a payload may carry anything. Secrets the caller knows are removed wherever
 * they appear, and so is anything shaped like a bearer token or a JWT; the rest is cut short.
 */

/** About the length of a sentence's worth of a server's words. */
export const SERVER_TEXT_CHARS = 200;
/** A key id or encoding quoted in a sentence. */
export const QUOTED_CHARS = 100;

const REDACTED = '[redacted]';
const BEARER = /\b(bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

// Short values (a header like "1") would blank out ordinary words: those are not worth hiding.
const worthHiding = (secret: string) => secret.length >= 6;

/**
 * `text` cut to at most `max` characters, and before any secret the cut would split: a secret is removed wherever it
 * appears whole, but its first part, once cut from the rest, could no longer be found.
 */
export function cutBeforeSecrets(text: string, max: number, secrets: readonly string[]): string {
  if (text.length <= max) return text;
  let end = max;
  for (let moved = true; moved; ) {
    moved = false;
    for (const secret of secrets.filter(worthHiding)) {
      const at = text.indexOf(secret, Math.max(0, end - secret.length + 1));
      if (at >= 0 && at < end) {
        end = at;
        moved = true;
      }
    }
  }
  return text.slice(0, end);
}

/** `text` with anything shaped like a bearer token or a JWT redacted. */
export function withoutTokenShapes(text: string): string {
  return text.replace(JWT, REDACTED).replace(BEARER, (_match, scheme: string) => `${scheme} ${REDACTED}`);
}

export function scrubServerText(text: string, secrets: readonly string[] = []): string {
  let clean = text;
  for (const secret of secrets) {
    if (worthHiding(secret)) clean = clean.split(secret).join(REDACTED);
  }
  return cut(withoutTokenShapes(clean), SERVER_TEXT_CHARS);
}
