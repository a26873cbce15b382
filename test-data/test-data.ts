/**
 * The one way into the recorded test data in this folder: Web UI API answers, payload
 * vectors and the key they were written with. Used by the unit tests, the end-to-end
 * fixtures, the benchmarks and the `npm start` demo. See README.md for where each file
 * came from.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root (the folder holding package.json). */
export const repoRoot: string = path.resolve(here, '..');

const UI_API_DIR = path.join(here, 'temporal-ui-api');
const VECTORS_FILE = path.join(here, 'vectors', 'payload-vectors.json');

/** Absolute path of a recorded Web UI API answer, e.g. `uiApiFixture('history-order-42.json')`. */
export function uiApiFixture(fileName: string): string {
  return path.join(UI_API_DIR, fileName);
}

/** File names of every recorded Web UI API answer (the plaintexts files included). */
export function uiApiFixtureNames(): string[] {
  return readdirSync(UI_API_DIR).filter((name) => name.endsWith('.json')).sort();
}

export function readUiApiFixture<T = unknown>(fileName: string): T {
  return JSON.parse(readFileSync(uiApiFixture(fileName), 'utf8')) as T;
}

/** One case of vectors/payload-vectors.json: a payload in one SDK sample's format, or one a decoder must refuse. */
export interface PayloadVector {
  name: string;
  note: string;
  /** Key id → key (base64) that opens the payload. */
  keys: Record<string, string>;
  encoded: { metadata?: Record<string, string>; data?: string };
  /** metadata values as UTF-8 text; dataBase64 the exact decoded data. */
  expected?: { metadata: Record<string, string>; dataBase64: string };
  /** The error kind a decoder must report, keeping the original payload. */
  error?: string;
}

export function payloadVectors(): PayloadVector[] {
  return (JSON.parse(readFileSync(VECTORS_FILE, 'utf8')) as { cases: PayloadVector[] }).cases;
}

/** The key every encrypted payload of temporal-ui-api/ was written with. Test-only material. */
export const FIXTURE_KEY_ID = 'fixtures-key';
export const FIXTURE_KEY_BASE64 = '3q2+7w0HBwcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';

/** The raw 32 key bytes; a fresh copy on each call, so no test can alter another's key. */
export function fixtureKeyBytes(): Uint8Array {
  return new Uint8Array(Buffer.from(FIXTURE_KEY_BASE64, 'base64'));
}

/** `{ 'fixtures-key': <bytes> }`, the shape the fixture codec server takes. */
export function fixtureKeys(): Record<string, Uint8Array> {
  return { [FIXTURE_KEY_ID]: fixtureKeyBytes() };
}
