import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzSettings } from '../test-support/fuzz';
import { SERVER_TEXT_CHARS as DETAIL_MAX_CHARS } from '../scrub';
import { codecErrorDetail } from './codec-error-detail';

const EXPRESS_400 =
  '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n' +
  '<pre>SyntaxError: Unexpected token &#39;}&#39;, &quot;{&quot;payloads&quot;: [}&quot; is not valid JSON<br> &nbsp; &nbsp;at JSON.parse (&lt;anonymous&gt;)<br> &nbsp; &nbsp;at parse (/app/node_modules/body-parser/lib/types/json.js:92:19)</pre>\n</body>\n</html>\n';

describe('codecErrorDetail', () => {
  it('keeps the words of an HTML error page, without its title', () => {
    expect(codecErrorDetail('400 Bad Request', EXPRESS_400)).toBe(
      '400 Bad Request: SyntaxError: Unexpected token \'}\', "{"payloads": [}" is not valid JSON at JSON.parse (<anonymous>) at parse (/app/node_modules/body-parser/lib/types/json.js:92:19)',
    );
    expect(codecErrorDetail('502 Bad Gateway', '<html><head><style>h1{color:red}</style></head><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>')).toBe(
      '502 Bad Gateway: 502 Bad Gateway nginx',
    );
  });

  it('says nothing twice: a body that repeats the status adds nothing', () => {
    expect(codecErrorDetail('500 Internal Server Error', 'Internal server error')).toBe('500 Internal Server Error');
    expect(codecErrorDetail('500 Internal Server Error', '')).toBe('500 Internal Server Error');
    expect(codecErrorDetail('503 Service Unavailable', 'key service down\n')).toBe('503 Service Unavailable: key service down');
  });

  it('keeps text that only looks like markup', () => {
    expect(codecErrorDetail('400 Bad Request', 'size < limit failed')).toBe('400 Bad Request: size < limit failed');
  });

  it('cuts long text to a short detail', () => {
    const detail = codecErrorDetail('500 Internal Server Error', 'word '.repeat(1000));
    expect(detail.length).toBe(DETAIL_MAX_CHARS);
    expect(detail.endsWith('…')).toBe(true);
  });

  it('removes a secret the request carried before cutting, so no part of it is kept where the cut falls', () => {
    const secret = 'sk_live_A1b2C3d4E5f6G7h8I9j0';
    const head = '500 Internal Server Error';
    // The secret starts a few characters before the cut.
    const body = `${'x'.repeat(DETAIL_MAX_CHARS - head.length - 10)} key=${secret} and more`;
    const detail = codecErrorDetail(head, body, [secret]);
    expect(detail.length).toBeLessThanOrEqual(DETAIL_MAX_CHARS);
    expect(detail).not.toContain(secret.slice(0, 6));
    expect(detail).toContain(' key=[');
  });

  it('keeps no part of a secret split where the body stops being read, however much markup comes before it', () => {
    const secret = 'sk_live_A1b2C3d4E5f6G7h8I9j0';
    // Tags only, which leave no words: the secret is what is read last, 10 characters of it before the cut.
    const markup = `${'<i>'.repeat(2727)} `;
    const detail = codecErrorDetail('500 Internal Server Error', `${markup}${secret} more text`, [secret]);
    expect(detail).not.toContain(secret.slice(0, 6));
  });

  it('never throws and never gives more than the limit, whatever the body', () => {
    const markupish = fc.array(fc.constantFrom('<', '>', '<head>', '</head>', '<script', '</script>', '&nbsp;', '&lt;', 'x', ' ', '\n'), { maxLength: 300 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), markupish), (body) => {
        const detail = codecErrorDetail('500 Internal Server Error', body);
        expect(detail.length).toBeLessThanOrEqual(DETAIL_MAX_CHARS);
        expect(detail.startsWith('500 Internal Server Error')).toBe(true);
      }),
      fuzzSettings(),
    );
  });
});
