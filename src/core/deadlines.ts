/**
 * How long each stage may take for one API answer, derived from one setting so the stages
 * stay nested: the codec request gives up before the background's budget for the answer,
 * which ends before the page hook stops waiting. Each stage's own timeout then reaches
 * the status (a timeout the user can read) instead of the page silently getting its
 * original answer while the status still says "decoding".
 */

/** How long the page hook holds an API answer back while its payloads are decoded or encoded. */
export const HOOK_WAIT_MS = 20_000;

/** The background's budget for one answer, however many codec requests it takes; room for the replies to travel. */
export const ANSWER_BUDGET_MS = HOOK_WAIT_MS - 2_000;

/** One request to a codec server; room inside the answer's budget for one retry of a short batch. */
export const CODEC_REQUEST_TIMEOUT_MS = ANSWER_BUDGET_MS - 3_000;

/**
 * How long a read waits for the browser's managed storage when no policy read earlier can stand in (the first start):
 * Chrome answers only once its policy service is ready, and some builds never do. It counts against the answer's
 * budget, which starts when a request reaches the background.
 */
export const POLICY_WAIT_MS = 8_000;

/**
 * How long an answer for a codec server the background has not heard from waits for what an earlier background learned
 * of its body limit (storage.session answers in milliseconds): past it, the answer's first request goes alone. Less
 * than the round trip that knowing saves, from servers far away.
 */
export const LIMITS_RECALL_WAIT_MS = 250;
