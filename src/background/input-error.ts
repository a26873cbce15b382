/** A refusal of what the user typed, shown next to the form as one sentence. */
export class InputError extends Error {}
