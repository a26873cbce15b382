// Reads the shared vectors and fixtures where they live (../shared next to the repo), never copies of them.
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

export const SHARED_DIR = resolve(process.cwd(), '../shared');

export function readShared<T = unknown>(relative: string): T {
  return JSON.parse(readFileSync(resolve(SHARED_DIR, relative), 'utf8')) as T;
}

export function readSharedText(relative: string): string {
  return readFileSync(resolve(SHARED_DIR, relative), 'utf8');
}

export function listShared(relativeDir: string): string[] {
  return readdirSync(resolve(SHARED_DIR, relativeDir));
}

export interface PayloadVector {
  name: string;
  note: string;
  keys: Record<string, string>;
  encoded: { metadata?: Record<string, string>; data?: string };
  expected?: { metadata: Record<string, string>; dataBase64: string };
  error?: string;
}

export function payloadVectors(): PayloadVector[] {
  return readShared<{ cases: PayloadVector[] }>('vectors/payload-vectors.json').cases;
}

export const FIXTURE_KEY = { id: 'fixtures-key', key: new Uint8Array(Buffer.from('3q2+7w0HBwcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', 'base64')) };
