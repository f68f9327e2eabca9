import { redact, redactString } from '../../src/logging/redact';

describe('log redaction', () => {
  it('when a key names a secret or personal data, then its value is masked at any depth', () => {
    expect(redact({ outer: { Authorization: 'MAC id="x"', macKey: 'k', user: { email: 'a@b.co', nationalId: '1' } }, list: [{ password: 'p' }] })).toEqual({
      outer: { Authorization: '[redacted]', macKey: '[redacted]', user: { email: '[redacted]', nationalId: '[redacted]' } },
      list: [{ password: '[redacted]' }],
    });
  });

  it('when free text carries an email, a bearer token, a JWT or a long number, then each is scrubbed', () => {
    expect(redactString('user a.b@example.com sent Bearer abcdefgh12345678 and eyJhbGciOi.eyJzdWIiOi.sig phone 37060012345')).toBe(
      'user [email] sent Bearer [redacted] and [jwt] phone [number]',
    );
  });

  it('when text holds short numbers, dates and codes, then they are kept', () => {
    expect(redactString('GET /v1/users/northpay:1001 took 12 ms on 2026-11-23, status 404')).toBe(
      'GET /v1/users/northpay:1001 took 12 ms on 2026-11-23, status 404',
    );
  });

  it('when a secret is spelled in any of the ways the patterns know, then the quick check lets none through', () => {
    expect(redactString('phone +370 600 12 345')).toBe('phone [number]');
    expect(redactString('code 4880-4120-123')).toBe('code [number]');
    expect(redactString('sent basic dXNlcjpwYXNzd29yZA== and bearer abcdefgh12345678')).toBe('sent basic [redacted] and bearer [redacted]');
    expect(redactString('Authorization: MAC id="abc", ts="1", nonce="n", mac="m"')).toBe('Authorization: MAC [redacted]');
    expect(redactString('x@y.lt')).toBe('[email]');
  });

  it('when a request id is a UUID whose hex holds a long run of digits, then it is kept whole', () => {
    expect(redactString('5b1c0e2a-1234-5678-9012-a3f4b5c6d7e8')).toBe('5b1c0e2a-1234-5678-9012-a3f4b5c6d7e8');
  });

  it('when a request id is a UUID whose first group is all digits, then it is kept whole, and a number beside it is not', () => {
    expect(redactString('27490886-8068-459f-9e0f-a4d3c03102b1')).toBe('27490886-8068-459f-9e0f-a4d3c03102b1');
    expect(redactString('id 27490886-8068-459F-9E0F-A4D3C03102B1 phone 370-600-12345')).toBe('id 27490886-8068-459F-9E0F-A4D3C03102B1 phone [number]');
    expect(redactString('37060012345-0000')).toBe('[number]');
  });

  it('when a key is seen again, then its verdict is the same', () => {
    expect([redact({ Api_Key: 'k' }), redact({ Api_Key: 'k' }), redact({ route: '/v1' }), redact({ route: '/v1' })]).toEqual([
      { Api_Key: '[redacted]' },
      { Api_Key: '[redacted]' },
      { route: '/v1' },
      { route: '/v1' },
    ]);
  });

  it('when an error is logged, then its message and stack are scrubbed', () => {
    const error = new Error('failed for a.b@example.com');
    expect(redact(error)).toMatchObject({ name: 'Error', message: 'failed for [email]' });
  });

  it('when every item of a list is clean, then the list is written as it is, not copied', () => {
    const fields = ['email', 'phone', 'name'];
    expect(redact(fields)).toBe(fields);
  });

  it('when one item of a list needs scrubbing, then the line gets a scrubbed copy and the caller keeps its list', () => {
    const list = ['shop', 'a.b@example.com', 'store'];
    expect(redact(list)).toEqual(['shop', '[email]', 'store']);
    expect(list).toEqual(['shop', 'a.b@example.com', 'store']);
  });

  it('when a list holds itself, then the copy is cut at the depth limit', () => {
    const list: unknown[] = ['x'];
    list.push(list);
    expect(JSON.stringify(redact(list))).toContain('[truncated]');
  });
});
