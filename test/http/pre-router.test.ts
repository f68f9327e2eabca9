import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { preRouteUserReads } from '../../src/http/pre-router';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith, personId } from '../support/registry';

const adapter = adapterWith();

/**
 * A read of one user without a query is pre-routed (`src/http/pre-router.ts`); the same read with an
 * empty query (`?`) goes through express's router. Whatever the request, the two must answer alike.
 */
describe('pre-routed reads of a user', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ connections: [{ adapter }] });
  });
  afterAll(() => harness.close());

  const user = () => `/v1/users/${encodeURIComponent(personId(adapter))}`;
  const readBoth = async (path: string, method: 'get' | 'head', authorization?: string) => {
    const send = (url: string) => {
      const request = harness.http[method](url);
      return authorization ? request.set('Authorization', authorization) : request;
    };
    const [preRouted, routed] = [await send(path), await send(`${path}?`)];
    const comparable = ({ status, headers, text }: { status: number; headers: Record<string, string>; text?: string }) => {
      const { 'x-request-id': _id, date: _date, ...rest } = headers;
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      if (body) delete body.requestId;
      return { status, headers: rest, body };
    };
    return { preRouted: comparable(preRouted), routed: comparable(routed) };
  };

  it.each([
    ['a user', () => user(), true],
    ['a user this connection does not have', () => `/v1/users/${encodeURIComponent(personId(adapter).replace(/:.*/, ':no-such-user'))}`, true],
    ['a connection nobody configured', () => '/v1/users/nosuchconnection:1', true],
    ['an id that is not an id', () => '/v1/users/nocolon', true],
    ['an id whose percent-encoding is malformed', () => '/v1/users/a%E0%A4%A', true],
    ['a user, without a token', () => user(), false],
  ])('when the request reads %s, then a GET is answered as express answers it', async (_what, path, withToken) => {
    const { preRouted, routed } = await readBoth(path(), 'get', withToken ? harness.bearer() : undefined);
    expect(preRouted).toEqual(routed);
  });

  it('when the request is a HEAD, then it gets the GET headers and no body, as from express', async () => {
    const { preRouted, routed } = await readBoth(user(), 'head', harness.bearer());
    expect(preRouted.status).toBe(200);
    expect(preRouted.body).toBeUndefined();
    expect(preRouted).toEqual(routed);
  });

  it('when a read is pre-routed, then its access line names the route as express would', async () => {
    const before = harness.logs.length;
    await harness.http.get(user()).set('Authorization', harness.bearer()).expect(200);
    const lines = harness.logs.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.message === 'request')).toMatchObject({ route: '/v1/users/:id', method: 'GET', status: 200 });
  });
});

describe('the pre-router', () => {
  /** What the pre-router did with a request: which handlers ran (by name), with what id, and whether express was left to route it. */
  function route(method: string, url: string) {
    const ran: string[] = [];
    const passedOn = jest.fn<void, []>();
    const step =
      (name: string): RequestHandler =>
      (_req, _res, next) => {
        ran.push(name);
        next();
      };
    const readUser: RequestHandler = (req) => {
      ran.push(`read ${String(req.params.id)}`);
    };
    const onError: ErrorRequestHandler = (error: Error) => ran.push(`error ${error.message}`);
    const req = { method, url } as Request;
    const res = { locals: {} } as Response;
    preRouteUserReads([step('context'), step('authenticate')], readUser, onError)(req, res, passedOn as NextFunction);
    return { ran, passedOn: passedOn.mock.calls.length === 1, route: res.locals.route as string | undefined };
  }

  it('when a GET reads one user without a query, then it runs every handler in order, then the read, with the id decoded', () => {
    expect(route('GET', '/v1/users/conn%3A42')).toEqual({ ran: ['context', 'authenticate', 'read conn:42'], passedOn: false, route: '/v1/users/:id' });
  });

  it.each([
    ['a query', 'GET', '/v1/users/conn:42?include=provenance'],
    ['a trailing slash', 'GET', '/v1/users/conn:42/'],
    ['another method', 'PATCH', '/v1/users/conn:42'],
    ['a longer path', 'GET', '/v1/users/conn:42/extra'],
    ['the lookup', 'GET', '/v1/users'],
    ['a path in another case', 'GET', '/V1/users/conn:42'],
  ])('when the request has %s, then express routes it', (_what, method, url) => {
    expect(route(method, url)).toEqual({ ran: [], passedOn: true, route: undefined });
  });

  it('when a handler fails, then the error handler answers and nothing after it runs', () => {
    const ran: string[] = [];
    const failing: RequestHandler = () => {
      throw new Error('refused');
    };
    const onError: ErrorRequestHandler = (error: Error) => ran.push(`error ${error.message}`);
    const readUser: RequestHandler = () => ran.push('read');
    preRouteUserReads([failing], readUser, onError)({ method: 'GET', url: '/v1/users/a:1' } as Request, { locals: {} } as Response, jest.fn());
    expect(ran).toEqual(['error refused']);
  });

  it("when a handler's promise is rejected, then the error handler answers", async () => {
    const errors: string[] = [];
    const rejecting: RequestHandler = () => Promise.reject(new Error('later'));
    const onError: ErrorRequestHandler = (error: Error) => errors.push(error.message);
    preRouteUserReads([rejecting], jest.fn(), onError)({ method: 'GET', url: '/v1/users/a:1' } as Request, { locals: {} } as Response, jest.fn());
    await new Promise(setImmediate);
    expect(errors).toEqual(['later']);
  });
});
