// Apart from token.ts, so that the message schemas every extension page loads can read a token without bringing
// the JWT reader with them.

/**
 * The token in what the user pasted: trimmed, and without the "Bearer " of an Authorization header it was copied from
 * (a curl command, the browser's network panel). The inspector reads this and the save keeps this, so what is shown
 * is what is sent: the extension adds "Bearer " itself, and Authorization-Extras carries the ID token alone.
 */
export function tokenAsPasted(text: string): string {
  return text.trim().replace(/^Bearer\s+/i, '');
}
