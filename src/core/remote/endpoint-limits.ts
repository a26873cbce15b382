// What the codec client knows of each endpoint's body limit, for a bounded number of endpoints, kept past the
// background's own life when it is given somewhere to keep it. Until an endpoint has answered, the client sends an
// answer's first request alone and the rest once it is back (codec-client.ts), so that a limit below the one it
// assumes costs one 413, not one per request in flight. A service worker stops after half a minute without events:
// without this, the first page of a Web UI opened after a pause would wait that round trip every time.
import { LRUCache } from 'lru-cache';
import * as v from 'valibot';
import { LIMITS_RECALL_WAIT_MS } from '../deadlines';
import { oneAtATime } from '../one-at-a-time';
import { SAFE_BODY_BYTES } from './codec-batches';

/** What one endpoint has shown, as it is kept: the largest body it took, and the smallest it refused, if any. */
export interface KeptLimit {
  accepted: number;
  refused?: number;
}

/** Somewhere that outlives the background (storage.session): read once, when the client is made; written whole. */
export interface LimitMemory {
  read(): Promise<unknown>;
  write(kept: Array<[string, KeptLimit]>): Promise<void>;
}

/**
 * Longer keys (a request URL a page made long with the namespace it asked for) are known to this background only: the
 * record stays within about half a MiB of storage.session, whose quota the session-only secrets and the tabs' tallies
 * share.
 */
const MAX_KEPT_KEY_CHARS = 2_048;

const BodyBytesSchema = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const KeptEntrySchema = v.tuple([v.string(), v.object({ accepted: BodyBytesSchema, refused: v.optional(v.pipe(BodyBytesSchema, v.minValue(1))) })]);

/** What one endpoint has shown it accepts. */
export class EndpointLimit {
  private largestAccepted = 0;
  private smallestRefused = Infinity;
  answered = false;

  /** `changed` is told when what `limit` gives, or whether the endpoint has answered, may have changed. */
  constructor(private readonly changed: () => void = () => undefined) {}

  accepted(bytes: number): void {
    const first = !this.answered;
    const raised = bytes > this.largestAccepted;
    this.answered = true;
    this.largestAccepted = Math.max(this.largestAccepted, bytes);
    // A body as large as one refused passed: the server takes more now (redeployed), and the refusal is out of date.
    const outdated = bytes >= this.smallestRefused;
    if (outdated) this.smallestRefused = Infinity;
    // The largest body accepted counts in `limit` only once one was refused.
    if (first || outdated || (raised && this.smallestRefused !== Infinity)) this.changed();
  }

  refused(bytes: number): void {
    const lowered = bytes < this.smallestRefused;
    this.answered = true;
    this.smallestRefused = Math.min(this.smallestRefused, bytes);
    // Refused no larger than a body that passed: the server takes less now. Kept, that body would hold the limit
    // above what it takes, and each retry would peel one payload off a body still too large.
    if (bytes <= this.largestAccepted) this.largestAccepted = 0;
    if (lowered) this.changed();
  }

  /**
   * After a 413 at S bytes: the common 96 KiB if S was above it, else half of S; never below the largest
   * body seen to pass since a body no larger was refused.
   */
  limit(configured: number): number {
    if (this.smallestRefused === Infinity) return configured;
    const learned = Math.max(this.largestAccepted, Math.min(SAFE_BODY_BYTES, Math.floor(this.smallestRefused / 2)));
    return Math.min(configured, this.smallestRefused - 1, learned);
  }

  /** As kept; nothing until the endpoint has answered. */
  kept(): KeptLimit | undefined {
    if (!this.answered) return undefined;
    return this.smallestRefused === Infinity ? { accepted: this.largestAccepted } : { accepted: this.largestAccepted, refused: this.smallestRefused };
  }

  /** Adds what an earlier background learned to what this one has; where they disagree, this one's is the newer. */
  learn(kept: KeptLimit): void {
    this.answered = true;
    if (kept.accepted < this.smallestRefused) this.largestAccepted = Math.max(this.largestAccepted, kept.accepted);
    if (kept.refused !== undefined && kept.refused > this.largestAccepted) this.smallestRefused = Math.min(this.smallestRefused, kept.refused);
  }
}

/** The limits of the `max` endpoints used last, by key (the request URL, with cookies or without). */
export class EndpointLimits {
  private readonly limits: LRUCache<string, EndpointLimit>;
  /**
   * Settles once what the memory held has been taken in, could not be read, or took longer than `recallWaitMs`: a
   * memory that never answers costs the first answer that wait, and the endpoint its first request alone.
   */
  readonly recalled: Promise<void>;
  /** Settles once the memory was read, or could not be, however long that took. */
  private readonly read: Promise<void>;
  /** Writes every limit known, one write at a time: changes made while one is under way go in the next. */
  private readonly keep: () => void;

  constructor(max: number, memory?: LimitMemory, recallWaitMs = LIMITS_RECALL_WAIT_MS) {
    this.limits = new LRUCache({ max });
    // Nothing the memory does, nor anything it held, can stop the client being made or an answer going on.
    this.read = memory
      ? Promise.resolve()
          .then(() => memory.read())
          .then((held) => this.takeIn(held))
          .catch(() => undefined)
      : Promise.resolve();
    this.recalled = memory
      ? new Promise((resolve) => {
          const timer = setTimeout(resolve, recallWaitMs);
          void this.read.finally(() => {
            clearTimeout(timer);
            resolve();
          });
        })
      : Promise.resolve();
    // After the read, however late: a write before it would replace what the memory held with what this background
    // learned alone. Not kept (a write that fails): the next background learns it again.
    this.keep = memory ? oneAtATime(() => this.read.then(() => memory.write(this.entries()))) : () => undefined;
  }

  of(key: string): EndpointLimit {
    let limit = this.limits.get(key);
    if (limit === undefined) this.limits.set(key, (limit = this.newLimit()));
    return limit;
  }

  private newLimit(): EndpointLimit {
    return new EndpointLimit(() => this.keep());
  }

  /**
   * Each entry the memory held that reads as one; one that does not costs its endpoint a first request alone, no more.
   * The endpoints this background used before the recall came stay, and stay the most recent: an answer may be
   * waiting for one of them.
   */
  private takeIn(held: unknown): void {
    if (!Array.isArray(held)) return;
    const fresh: Array<[string, EndpointLimit]> = [];
    for (const entry of held.slice(-this.limits.max)) {
      const parsed = v.safeParse(KeptEntrySchema, entry);
      if (!parsed.success) continue;
      const [key, kept] = parsed.output;
      const known = this.limits.peek(key);
      if (known !== undefined) known.learn(kept);
      else {
        const limit = this.newLimit();
        limit.learn(kept);
        fresh.push([key, limit]);
      }
    }
    const room = this.limits.max - this.limits.size;
    const used = [...this.limits.rkeys()];
    for (const [key, limit] of fresh.slice(Math.max(0, fresh.length - room))) this.limits.set(key, limit);
    for (const key of used) this.limits.get(key);
  }

  /** The least recently used first, so that a recall in this order leaves the same ones most recent. */
  private entries(): Array<[string, KeptLimit]> {
    const entries: Array<[string, KeptLimit]> = [];
    for (const key of this.limits.rkeys()) {
      const kept = this.limits.peek(key)?.kept();
      if (kept !== undefined && key.length <= MAX_KEPT_KEY_CHARS) entries.push([key, kept]);
    }
    return entries;
  }
}
