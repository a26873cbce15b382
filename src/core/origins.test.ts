import { describe, expect, it } from 'vitest';
import { isLoopbackHost, mayCarrySecrets, namesManyHosts, parseOrigin, writtenHostOf } from './origins';
import { URL_PARSERS, withUrlParserOf } from './test-support/browser-urls';

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

  it.each(URL_PARSERS)('refuses a host with “*”, which the browser would read as every host there (or every site), with %s’s URL parser', (parser) => {
    withUrlParserOf(parser, () => {
      for (const typed of ['*.corp.example.com', 'https://*', 'http://*', 'https://*.corp.example.com/namespaces/default', 'https://%2A.corp.example.com', 'temporal*.example.com']) {
        expect(parseOrigin(typed)).toEqual({ ok: false, reason: 'A Web UI address cannot contain “*”: add each address in full, such as temporal.example.com.' });
      }
      expect(parseOrigin('https://temporal.corp.example.com')).toEqual({ ok: true, origin: 'https://temporal.corp.example.com' });
    });
  });

  it('reads “*” in a host as Chromium’s URL parser gives it too, escaped', () => {
    expect(namesManyHosts('%2A')).toBe(true);
    expect(namesManyHosts('%2a.corp.example.com')).toBe(true);
    expect(namesManyHosts('temporal.corp.example.com')).toBe(false);
    expect(namesManyHosts('[::1]')).toBe(false);
  });
});

describe('the host of an address as written', () => {
  it('is what comes between “://” and the path, less any user part, whatever a URL parser would make of it', () => {
    expect(writtenHostOf('https://*.corp.example.com')).toBe('*.corp.example.com');
    expect(writtenHostOf('http://%2a:8080/*')).toBe('%2a:8080');
    expect(writtenHostOf('*://*/*')).toBe('*');
    expect(writtenHostOf('https://user:p%40ss@codec.example.com/x?y#z')).toBe('codec.example.com');
    expect(writtenHostOf('https://temporal.example.com?q=*')).toBe('temporal.example.com');
    expect(writtenHostOf('temporal.example.com')).toBeUndefined();
    expect(writtenHostOf('<all_urls>')).toBeUndefined();
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
