import { describe, expect, it } from 'vitest';
import { webUiCodecEndpoint } from './web-ui-codec';

const SERVER = { Codec: { Endpoint: 'https://codec.example.com/{namespace}', PassAccessToken: true, IncludeCredentials: false } };

describe('the codec endpoint the Web UI itself uses', () => {
  it('is the server’s setting when the browser has no override', () => {
    expect(webUiCodecEndpoint({ override: null, endpoint: null, settings: SERVER })).toBe('https://codec.example.com/{namespace}');
    expect(webUiCodecEndpoint({ override: null, endpoint: null, settings: { codec: { endpoint: 'https://lower.example.com/' } } })).toBe('https://lower.example.com');
  });

  it('is the browser’s override when the Web UI has it switched on, as the Web UI decides', () => {
    const endpoint = JSON.stringify('http://localhost:8080');
    expect(webUiCodecEndpoint({ override: 'true', endpoint, settings: SERVER })).toBe('http://localhost:8080');
    expect(webUiCodecEndpoint({ override: 'false', endpoint, settings: SERVER })).toBe('https://codec.example.com/{namespace}');
    expect(webUiCodecEndpoint({ override: null, endpoint, settings: null })).toBeUndefined();
    // An override switched on without an endpoint falls back to the server's, as in the Web UI.
    expect(webUiCodecEndpoint({ override: 'true', endpoint: null, settings: SERVER })).toBe('https://codec.example.com/{namespace}');
  });

  it('is nothing when what the page or its server keeps is empty, damaged or not a codec endpoint', () => {
    expect(webUiCodecEndpoint({ override: null, endpoint: null, settings: { Codec: { Endpoint: '' } } })).toBeUndefined();
    expect(webUiCodecEndpoint({ override: 'true', endpoint: '"javascript:alert(1)"', settings: null })).toBeUndefined();
    expect(webUiCodecEndpoint({ override: 'true', endpoint: '{not json', settings: null })).toBeUndefined();
    expect(webUiCodecEndpoint({ override: 'true', endpoint: '42', settings: { Codec: 'x' } })).toBeUndefined();
    expect(webUiCodecEndpoint({ override: null, endpoint: null, settings: { Codec: { Endpoint: 'https://user:pw@codec.example.com' } } })).toBeUndefined();
    expect(webUiCodecEndpoint({ override: null, endpoint: null, settings: 'html' })).toBeUndefined();
  });
});
