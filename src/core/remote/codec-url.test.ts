import { describe, expect, it } from 'vitest';
import { URL_PARSERS, withUrlParserOf } from '../test-support/browser-urls';
import { codecOrigin, codecRequestProblem, codecRequestUrl, endpointMayCarrySecrets, parseCodecEndpoint } from './codec-url';

describe('a codec endpoint', () => {
  it('is kept as typed, less trailing slashes, with its origin', () => {
    expect(parseCodecEndpoint(' https://codec.example.com/{namespace}/ ')).toEqual({ ok: true, endpoint: 'https://codec.example.com/{namespace}', origin: 'https://codec.example.com' });
  });

  it('is refused, in a sentence, when a request to it could go elsewhere or is not one', () => {
    expect(parseCodecEndpoint('https://{namespace}.codec.example.com')).toEqual({ ok: false, reason: '{namespace} can only be part of the endpoint’s path, not of its host.' });
    expect(parseCodecEndpoint('https://user:pw@codec.example.com')).toMatchObject({ ok: false });
    expect(parseCodecEndpoint('https://codec.example.com/?x=1')).toMatchObject({ ok: false });
    expect(parseCodecEndpoint('ftp://codec.example.com')).toMatchObject({ ok: false });
    expect(parseCodecEndpoint('')).toMatchObject({ ok: false });
  });

  it.each(URL_PARSERS)('is refused when its host has “*”, which would ask the browser for access to many hosts, or every site, with %s’s URL parser', (parser) => {
    withUrlParserOf(parser, () => {
      for (const typed of ['https://*', 'http://*', 'https://*.corp.example.com/codec', 'https://%2A.example.com', 'http://*:8081']) {
        expect(parseCodecEndpoint(typed)).toEqual({ ok: false, reason: 'The codec endpoint’s host cannot contain “*”: enter the one host it is at, such as codec.example.com.' });
        expect(codecOrigin(typed)).toBeNull();
      }
      // In the path, it is only part of the path.
      expect(parseCodecEndpoint('https://codec.example.com/a*b')).toMatchObject({ ok: true, origin: 'https://codec.example.com' });
    });
  });

  it('gets the namespace percent-encoded into its path only', () => {
    expect(codecRequestUrl('https://codec.example.com/{namespace}', 'payments', 'decode')?.href).toBe('https://codec.example.com/payments/decode');
    expect(codecRequestUrl('https://codec.example.com/{namespace}', 'orders@eu.a1b2c', 'decode')?.pathname).toBe('/orders%40eu.a1b2c/decode');
    // What a proxy could read back as part of the address: a request for it has no address at all.
    for (const hostile of ['../../@evil.example/x', '..%2Fadmin', '..\\admin', 'x?y', 'x#y']) {
      expect(codecRequestUrl('https://codec.example.com/{namespace}', hostile, 'decode'), hostile).toBeNull();
    }
    // Without {namespace} in the endpoint the namespace goes nowhere near the address.
    expect(codecRequestUrl('https://codec.example.com/codec', '../../@evil.example/x', 'decode')?.href).toBe('https://codec.example.com/codec/decode');
    expect(codecRequestUrl('http://localhost:8080', 'default', 'encode')?.href).toBe('http://localhost:8080/encode');
    // Dot segments would be resolved by the URL: /tenants/{namespace} would become /decode.
    expect(codecRequestUrl('https://codec.example.com/tenants/{namespace}', '..', 'decode')).toBeNull();
    expect(codecRequestUrl('https://codec.example.com/tenants/{namespace}', '.', 'decode')).toBeNull();
    expect(codecRequestUrl('https://codec.example.com/tenants/.{namespace}', '.', 'decode')).toBeNull();
    expect(codecRequestUrl('https://codec.example.com/tenants/{namespace}{namespace}', '.', 'decode')).toBeNull();
    expect(codecRequestUrl('https://codec.example.com/tenants/{namespace}', '...', 'decode')?.pathname).toBe('/tenants/.../decode');
    expect(codecRequestProblem('https://codec.example.com/{namespace}', '..')).toBe('“..” cannot be put into the endpoint’s path');
    expect(codecRequestProblem('https://codec.example.com/{namespace}', 'payments')).toBeUndefined();
    expect(codecOrigin('https://codec.example.com:8443/{namespace}')).toBe('https://codec.example.com:8443');
  });

  it('may carry secrets only over https or to this machine', () => {
    expect(endpointMayCarrySecrets('https://codec.example.com/{namespace}')).toBe(true);
    expect(endpointMayCarrySecrets('http://localhost:8080/{namespace}')).toBe(true);
    expect(endpointMayCarrySecrets('http://codec.example.com')).toBe(false);
  });
});
