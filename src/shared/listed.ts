/** Items as a sentence names them: "a", "a and b", "a, b and c". */
export const listed = (items: readonly string[]): string => (items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`);
