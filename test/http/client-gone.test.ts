import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import express from 'express';
import { inbound, requestContext } from '../../src/http/context';
import { createLogger } from '../../src/logging/logger';
import { Metrics } from '../../src/observability/metrics';

/** The request's abort signal tells the work behind it that the client left, whenever it asks. */
describe('a request whose client goes away', () => {
  let server: Server;
  let signals: Promise<AbortSignal>;
  let takeSignal: (signal: AbortSignal) => void;

  /** Answers nothing: the client gives up first. `askFirst`: whether the signal is taken before the client leaves. */
  function start(askFirst: boolean): Promise<string> {
    signals = new Promise((resolve) => (takeSignal = resolve));
    const app = express();
    app.use(requestContext(createLogger({ destination: new PassThrough() }), new Metrics()));
    app.get('/', (_req, res) => {
      if (askFirst) takeSignal(inbound(res).signal);
      else res.once('close', () => takeSignal(inbound(res).signal));
    });
    server = app.listen(0);
    return new Promise((resolve) => server.once('listening', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)));
  }
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  const leave = (url: string) => {
    const sent = httpRequest(url);
    sent.on('error', () => undefined);
    sent.end();
    setTimeout(() => sent.destroy(), 50);
  };

  it('when the signal was taken before the client left, then it is aborted as the client leaves', async () => {
    leave(await start(true));
    const signal = await signals;
    await new Promise((resolve) => (signal.aborted ? resolve(undefined) : signal.addEventListener('abort', resolve)));
    expect(signal.reason).toEqual(new Error('client closed the connection'));
  });

  it('when the signal is first asked for after the client left, then it is aborted already', async () => {
    leave(await start(false));
    const signal = await signals;
    expect(signal.aborted).toBe(true);
  });
});
