/** `promise`, or an error saying what did not happen once `ms` have passed: a step that cannot hang a test. */
export function within<T>(promise: Promise<T>, ms: number, notDone: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${notDone} within ${ms / 1000} s.`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
