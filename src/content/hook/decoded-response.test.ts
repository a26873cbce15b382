import { describe, expect, it } from 'vitest';
import { decodedResponse } from './decoded-response';

const ORIGINAL_URL = 'http://localhost:8233/api/v1/namespaces/default/workflows/w/history';

function original(): Response {
  const response = new Response('{"encoded":true}', {
    status: 200,
    statusText: 'OK',
    headers: { 'content-type': 'application/json', 'content-length': '16', 'content-encoding': 'gzip', 'x-request-id': 'r-1' },
  });
  Object.defineProperty(response, 'url', { value: ORIGINAL_URL });
  return response;
}

/** A decoded answer that counts how often it is serialised (JSON.stringify calls toJSON). */
function countingAnswer() {
  const counter = { serialised: 0 };
  const answer = { history: { events: [{ eventId: '1', n: 1 }] }, toJSON: undefined as unknown };
  const plain = { history: answer.history };
  answer.toJSON = () => {
    counter.serialised += 1;
    return plain;
  };
  return { answer, counter, text: JSON.stringify(plain) };
}

describe('the answer a page gets decoded', () => {
  it('reads like the original, without the headers that described the original bytes', () => {
    const response = decodedResponse(original(), {});
    expect([response.status, response.statusText, response.ok, response.url, response.redirected]).toEqual([200, 'OK', true, ORIGINAL_URL, false]);
    expect(response.headers.get('x-request-id')).toBe('r-1');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('content-encoding')).toBeNull();
  });

  it('hands json() the decoded answer without serialising it, once, as a body is read once', async () => {
    const { answer, counter } = countingAnswer();
    const response = decodedResponse(original(), answer);
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toBe(answer);
    expect(counter.serialised).toBe(0);
    expect(response.bodyUsed).toBe(true);
    await expect(response.json()).rejects.toBeInstanceOf(TypeError);
    await expect(response.text()).rejects.toBeInstanceOf(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
  });

  it('gives the same answer as JSON text to every other way of reading the body', async () => {
    const { answer, text } = countingAnswer();
    expect(await decodedResponse(original(), answer).text()).toBe(text);
    expect(new TextDecoder().decode(await decodedResponse(original(), answer).arrayBuffer())).toBe(text);
    expect(await (await decodedResponse(original(), answer).blob()).text()).toBe(text);
    expect(await new Response(decodedResponse(original(), answer).body).text()).toBe(text);
  });

  it('clones as the answer was when cloned, whatever the page then does to what json() gave it', async () => {
    const { answer, text } = countingAnswer();
    const response = decodedResponse(original(), answer);
    const clone = response.clone();
    const mine = (await response.json()) as typeof answer;
    mine.history.events.length = 0;
    expect(clone.url).toBe(ORIGINAL_URL);
    expect(JSON.stringify(await clone.json())).toBe(text);
    expect(clone.bodyUsed).toBe(true);
  });
});
