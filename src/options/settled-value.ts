import { useEffect, useState } from 'react';

/**
 * `value` once it has stayed the same for `ms`. A live region fed with it speaks once a user pauses, not at every
 * character typed (a sentence that changes with each keystroke would be read out at each).
 */
export function useSettledValue<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
