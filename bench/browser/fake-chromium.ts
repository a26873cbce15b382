/** For tests: a DevToolsPipe whose Chromium end the test plays. */
import { PassThrough } from 'node:stream';
import { DevToolsPipe } from './devtools-pipe';

export interface Command {
  id: number;
  method: string;
  params: Record<string, unknown>;
  sessionId?: string;
}

/**
 * `onCommand` sees each command the client writes, in order, as `written` keeps them; `timeoutMs` is the pipe's wait
 * for any reply or event.
 */
export function fakeChromium(onCommand: (command: Command) => void = () => undefined, timeoutMs?: number) {
  const toChromium = new PassThrough();
  const fromChromium = new PassThrough();
  const written: Command[] = [];
  let pending = '';
  toChromium.setEncoding('utf8');
  toChromium.on('data', (chunk: string) => {
    pending += chunk;
    const parts = pending.split('\0');
    pending = parts.pop()!;
    for (const part of parts) {
      const command = JSON.parse(part) as Command;
      written.push(command);
      onCommand(command);
    }
  });
  const say = (text: string) => fromChromium.write(text);
  return {
    pipe: new DevToolsPipe(toChromium, fromChromium, timeoutMs),
    written,
    /** Lets the streams deliver what was written. */
    flush: () => new Promise((resolve) => setImmediate(resolve)),
    say,
    sayBytes: (bytes: Uint8Array) => fromChromium.write(bytes),
    reply: (command: Command, result: unknown) => say(JSON.stringify({ id: command.id, result, sessionId: command.sessionId }) + '\0'),
    /** Chromium's refusal of `command`, with its message. */
    refuse: (command: Command, message: string) => say(JSON.stringify({ id: command.id, error: { message }, sessionId: command.sessionId }) + '\0'),
    end: () => fromChromium.destroy(),
    /** Chromium's end stops reading: the next write fails. */
    breakInput: (error: Error) => toChromium.destroy(error),
  };
}
