/**
 * Bounds on what one message between the page hook, the bridge and the background may
 * carry, well above any real Web UI answer (a history page holds at most a few thousand
 * payloads) and well below what would hurt the background. Free of dependencies: the page
 * hook imports it.
 */
export const MESSAGE_LIMITS = {
  /** Payloads in one decode or encode request. */
  payloads: 20_000,
  /** Characters of metadata and data of all payloads of one request together. */
  chars: 48 * 1024 * 1024,
  /**
   * Characters of one packed batch (packed.ts): its payloads plus where each sits and the JSON around them, below the
   * 64 MiB a browser lets one extension message carry.
   */
  packedChars: 56 * 1024 * 1024,
  /** Metadata entries of one payload, and the length of each entry's name. */
  metadataEntries: 64,
  metadataNameChars: 256,
  /** External-storage references of one payload. */
  externalPayloads: 64,
  /** A namespace name or pattern. */
  namespaceChars: 1000,
  /** Where a payload sits in its answer, for status messages. */
  whereChars: 500,
  /** A workflow id, run id or event id beside a payload (private view). */
  aboutChars: 1000,
} as const;

/** The `source` tags of the window messages between the page hook and the bridge. */
export const HOOK_SOURCE = 'payload-lens:hook';
export const BRIDGE_SOURCE = 'payload-lens:bridge';
