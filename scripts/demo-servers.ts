/**
 * The built-in demo's two servers, shared by `npm start` and `npm run screenshots`: the
 * fixture Temporal Web UI on http://localhost:8233 and a token-checking codec server on
 * http://localhost:8080, both built-in addresses of the extension (no permission prompt).
 */
import { startCodecServer, type CodecServerHandle } from '../e2e/fixtures/codec-server.ts';
import { CODEC_PORT, WEB_UI_PORT, listenOnFixedPort } from '../e2e/fixtures/ports.ts';
import { startUiServer, type UiServerHandle } from '../e2e/fixtures/ui-server.ts';

export { CODEC_ENDPOINT } from '../e2e/fixtures/ports.ts';

export const DEMO_WORKFLOW_PATH = '/namespaces/default/workflows/order-42/457c136e-cb78-4ac3-abc6-62352d40e66e/history';

export interface DemoServers {
  webUi: UiServerHandle;
  codec: CodecServerHandle;
  /** An access token the codec server accepts for namespace default (read and write, a day long). */
  token: string;
  close(): Promise<void>;
}

/** Starts both servers, or ends the process with one sentence when a port is taken. */
export async function startDemoServers(): Promise<DemoServers> {
  try {
    const webUi = await listenOnFixedPort('fixture Web UI', WEB_UI_PORT, () => startUiServer({ host: 'localhost', port: WEB_UI_PORT }));
    const codec = await listenOnFixedPort('codec server', CODEC_PORT, () => startCodecServer({ host: '127.0.0.1', port: CODEC_PORT, auth: true }));
    const token = await codec.mintToken({ permissions: ['default:read', 'default:write'], expiresInSeconds: 24 * 3600 });
    return { webUi, codec, token, close: async () => void (await Promise.allSettled([webUi.close(), codec.close()])) };
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
