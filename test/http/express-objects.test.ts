import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import express from 'express';
import { expressObjects } from '../../src/http/express-objects';

setFlagsFromString('--allow-natives-syntax');
// V8's own answer to whether an object keeps fast (map-described) properties rather than a dictionary.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const hasFastProperties = new Function('object', 'return %HasFastProperties(object)') as (object: object) => boolean;

/** The gateway's listener makes each request and answer with express's prototypes (`src/http/express-objects.ts`). */
describe("express's request and answer made by Node's server", () => {
  const app = express();
  let server: Server;
  let seen: { req: IncomingMessage; res: ServerResponse } | undefined;
  beforeAll(async () => {
    server = createServer(expressObjects(app), (req, res) => {
      seen = { req, res };
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await answer.text();
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("when a request arrives, then it and its answer already have express's prototypes (express's own setPrototypeOf changes nothing)", () => {
    expect(Object.getPrototypeOf(seen?.req)).toBe(app.request);
    expect(Object.getPrototypeOf(seen?.res)).toBe(app.response);
  });

  it("when a request arrives, then its objects are still Node's own (a request, an answer)", () => {
    expect(seen?.req).toBeInstanceOf(IncomingMessage);
    expect(seen?.res).toBeInstanceOf(ServerResponse);
  });

  it('when a request is answered, then V8 still describes both objects by maps, not as dictionaries', () => {
    expect(hasFastProperties(seen!.req)).toBe(true);
    expect(hasFastProperties(seen!.res)).toBe(true);
  });
});
