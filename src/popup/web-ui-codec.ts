/**
 * The codec endpoint the Web UI itself is set to use, read as the Web UI reads it
 * (temporalio/ui `get-codec.ts`): the per-browser override in the UI origin's
 * localStorage when it is switched on, else the server's `/api/v1/settings` answer. All of
 * it is written by the page or its server, so it is only ever a suggestion shown to the
 * user: it goes into the endpoint field only when the user presses "Use this endpoint".
 */
import { parseCodecEndpoint } from '../core/remote/codec-url';

/** What the Web UI keeps, as read in its tab: raw localStorage items and the settings answer. */
export interface WebUiCodecSources {
  /** localStorage `overrideRemoteCodecConfiguration`: JSON `true` when the override applies. */
  override: string | null;
  /** localStorage `endpoint`: a JSON string. */
  endpoint: string | null;
  /** The parsed `/api/v1/settings` answer, or null. */
  settings: unknown;
}

/** localStorage keys of temporalio/ui's data-encoder-config store. */
export const WEB_UI_STORAGE_KEYS = { override: 'overrideRemoteCodecConfiguration', endpoint: 'endpoint' } as const;

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The server's `Codec.Endpoint` (the UI server answers in Go's field names), or a lower-case `codec.endpoint`. */
function serverEndpoint(settings: unknown): unknown {
  if (typeof settings !== 'object' || settings === null) return undefined;
  const record = settings as Record<string, unknown>;
  const codec = record['Codec'] ?? record['codec'];
  if (typeof codec !== 'object' || codec === null) return undefined;
  const fields = codec as Record<string, unknown>;
  return fields['Endpoint'] ?? fields['endpoint'];
}

/** The endpoint to suggest, checked as a codec endpoint the user could type; undefined when there is none. */
export function webUiCodecEndpoint(sources: WebUiCodecSources): string | undefined {
  const override = parseJson(sources.override) === true ? parseJson(sources.endpoint) : undefined;
  const chosen = typeof override === 'string' && override.trim() !== '' ? override : serverEndpoint(sources.settings);
  if (typeof chosen !== 'string' || chosen.trim() === '') return undefined;
  const parsed = parseCodecEndpoint(chosen);
  return parsed.ok ? parsed.endpoint : undefined;
}
