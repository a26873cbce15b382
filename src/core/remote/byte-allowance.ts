/**
 * Bytes that several readers share a cap on: each takes what it reads as it reads it and gives it all back when
 * done, so that together they never hold more than `max`. Single-threaded: take and release need no locking.
 */
export class ByteAllowance {
  #held = 0;

  constructor(readonly max: number) {}

  /** Takes `bytes` if the readers would stay within the cap; false (and nothing taken) if not. */
  take(bytes: number): boolean {
    if (this.#held + bytes > this.max) return false;
    this.#held += bytes;
    return true;
  }

  release(bytes: number): void {
    this.#held = Math.max(0, this.#held - bytes);
  }
}
