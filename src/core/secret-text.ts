// Apart from the message schemas, as token-text.ts is: the forms ask what a save will take from a field without
// loading the schemas that read the save.
import { tokenAsPasted } from './token-text';

/** A key or header value as a save keeps it: without the spaces around it. */
export const secretAsTyped = (text: string): string => text.trim();

/** Whether a save takes a key or header value field as holding a new value: one of spaces alone keeps the saved one. */
export const isTypedSecret = (text: string | undefined): boolean => secretAsTyped(text ?? '') !== '';

/** Whether a save takes a token field as holding a token, read as the save reads it (tokenAsPasted). */
export const isTypedToken = (text: string): boolean => tokenAsPasted(text) !== '';
