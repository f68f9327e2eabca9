import { createServer, IncomingMessage, ServerResponse, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Socket } from 'node:net';
import { constantHeaders } from '../../src/http/constant-headers';

const HEADERS: [string, string][] = [
  ['x-frame-options', 'SAMEORIGIN'],
  ['content-security-policy', "default-src 'self';object-src 'none'"],
];

/** One answer from a real server whose listener is `listener`. */
async function answerOf(listener: RequestListener): Promise<Response> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await answer.text();
    return answer;
  } finally {
    server.close();
  }
}

const answer = () => new ServerResponse(new IncomingMessage(new Socket()));

/** Headers whose names and values never change are checked once and set on each answer as Node stores them (`src/http/constant-headers.ts`). */
describe('constant headers', () => {
  const setHeaders = constantHeaders(HEADERS);

  it('when they are set on an answer, then the client receives each of them with its value', async () => {
    const received = await answerOf((_req, res) => {
      res.setHeader('x-request-id', 'r-1');
      setHeaders(res);
      res.end('ok');
    });
    expect(Object.fromEntries(received.headers)).toMatchObject({
      'x-request-id': 'r-1',
      'x-frame-options': 'SAMEORIGIN',
      'content-security-policy': HEADERS[1]![1],
    });
  });

  it('when they are set, then Node reads them back as if each had been set with setHeader', () => {
    const res = answer();
    setHeaders(res);
    expect(res.getHeaderNames()).toEqual(['x-frame-options', 'content-security-policy']);
    expect(res.getHeader('X-Frame-Options')).toBe('SAMEORIGIN');
  });

  it('when a handler sets or removes one of them afterwards, then that wins, as it would over setHeader', async () => {
    const received = await answerOf((_req, res) => {
      setHeaders(res);
      res.setHeader('X-Frame-Options', 'DENY');
      res.removeHeader('content-security-policy');
      res.end('ok');
    });
    expect(received.headers.get('x-frame-options')).toBe('DENY');
    expect(received.headers.has('content-security-policy')).toBe(false);
  });

  it("when they are set on this Node, then Node's per-call checks are not run again (neither setHeader nor setHeaders is called)", () => {
    const res = answer();
    const calls = jest.fn();
    Object.assign(res, { setHeader: calls, setHeaders: calls });
    setHeaders(res);
    expect(calls).not.toHaveBeenCalled();
    expect(res.getHeader('x-frame-options')).toBe('SAMEORIGIN');
  });

  it("when headers put in Node's store do not read back as setHeader leaves them (another Node), then each answer gets setHeaders instead", () => {
    const getHeader = jest.spyOn(ServerResponse.prototype, 'getHeader').mockReturnValue(undefined);
    let fallback: ReturnType<typeof constantHeaders>;
    try {
      fallback = constantHeaders(HEADERS);
    } finally {
      getHeader.mockRestore();
    }
    const res = answer();
    const setHeadersOfNode = jest.spyOn(res, 'setHeaders');
    fallback(res);
    expect(setHeadersOfNode).toHaveBeenCalledTimes(1);
    expect(res.getHeader('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('when the answer has been sent, then setting them fails as setHeader does', () => {
    const res = answer();
    res.writeHead(200);
    expect(() => setHeaders(res)).toThrow(expect.objectContaining({ code: 'ERR_HTTP_HEADERS_SENT' }) as Error);
  });

  it.each([
    ['a name that is not a token', ['x frame', 'DENY'], 'ERR_INVALID_HTTP_TOKEN'],
    ['a value with a line break', ['x-frame-options', 'DENY\r\nset-cookie: a=b'], 'ERR_INVALID_CHAR'],
  ] as [string, [string, string], string][])('when the set holds %s, then it is refused when made, not on each answer', (_what, header, code) => {
    expect(() => constantHeaders([header])).toThrow(expect.objectContaining({ code }) as Error);
  });
});
