import { describe, expect, it } from 'vitest';
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

  it('gets the namespace percent-encoded into its path only', () => {
    expect(codecRequestUrl('https://codec.example.com/{namespace}', 'payments', 'decode')?.href).toBe('https://codec.example.com/payments/decode');
    const hostile = codecRequestUrl('https://codec.example.com/{namespace}', '../../@evil.example/x?y#z', 'decode')!;
    expect(hostile.origin).toBe('https://codec.example.com');
    expect(hostile.pathname).toBe('/..%2F..%2F%40evil.example%2Fx%3Fy%23z/decode');
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
