import { describe, expect, it } from 'vitest';
import { isLoopbackHost, mayCarrySecrets, parseOrigin } from './origins';

describe('parseOrigin', () => {
  it('keeps the origin of what people paste', () => {
    expect(parseOrigin('https://temporal.example.com/namespaces/default/workflows')).toEqual({ ok: true, origin: 'https://temporal.example.com' });
    expect(parseOrigin('temporal.example.com:8443')).toEqual({ ok: true, origin: 'https://temporal.example.com:8443' });
    expect(parseOrigin(' http://localhost:3000 ')).toEqual({ ok: true, origin: 'http://localhost:3000' });
  });

  it('refuses what is not a web address, in a sentence', () => {
    expect(parseOrigin('')).toMatchObject({ ok: false });
    expect(parseOrigin('ftp://files.example.com')).toEqual({ ok: false, reason: 'Only http:// and https:// addresses can be used.' });
    expect(parseOrigin('http://')).toMatchObject({ ok: false });
  });
});

describe('where secrets may travel', () => {
  it('allows https anywhere and plain http only to this machine', () => {
    expect(mayCarrySecrets('https://codec.example.com')).toBe(true);
    expect(mayCarrySecrets('http://localhost:8080')).toBe(true);
    expect(mayCarrySecrets('http://127.0.0.1:8888/decode')).toBe(true);
    expect(mayCarrySecrets('http://[::1]:8081')).toBe(true);
    expect(mayCarrySecrets('http://codec.example.com')).toBe(false);
    expect(mayCarrySecrets('http://localhost.evil.example')).toBe(false);
    expect(mayCarrySecrets('not a url')).toBe(false);
  });

  it('recognises loopback hosts', () => {
    expect(isLoopbackHost('127.1.2.3')).toBe(true);
    expect(isLoopbackHost('app.localhost')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });
});
