import { callConnection } from '../../src/connections/call';
import type { Connection } from '../../src/connections/registry';

/** What `callConnection` reads of a connection: its names and its total deadline. */
const connection = (totalMs: number) => ({ name: 'shop', adapter: { name: 'acme' }, config: { timeouts: { totalMs } } }) as unknown as Connection;

/** The call's signal ends the provider work when the deadline passes or the client leaves, whichever is first. */
describe("a connection call's signal", () => {
  it('when the client leaves during the call, then the call is aborted with the reason the client left for', async () => {
    const client = new AbortController();
    const reason = new Error('client closed the connection');
    const seen = await callConnection(connection(10_000), { signal: client.signal, requestId: 'r' }, async ({ signal }) => {
      client.abort(reason);
      return Promise.resolve({ aborted: signal.aborted, reason: signal.reason as unknown });
    });
    expect(seen).toEqual({ aborted: true, reason });
  });

  it('when the client had left before the call began, then the call begins aborted', async () => {
    const client = new AbortController();
    client.abort(new Error('gone'));
    const aborted = await callConnection(connection(10_000), { signal: client.signal, requestId: 'r' }, ({ signal }) => Promise.resolve(signal.aborted));
    expect(aborted).toBe(true);
  });

  it('when the deadline passes, then the call is aborted with a TimeoutError', async () => {
    const reason = await callConnection(
      connection(20),
      { signal: new AbortController().signal, requestId: 'r' },
      ({ signal }) => new Promise((resolve) => signal.addEventListener('abort', () => resolve((signal.reason as DOMException).name))),
    );
    expect(reason).toBe('TimeoutError');
  });

  it('when the call is over, then a client leaving later aborts nothing of it', async () => {
    const client = new AbortController();
    const signal = await callConnection(connection(10_000), { signal: client.signal, requestId: 'r' }, (call) => Promise.resolve(call.signal));
    client.abort(new Error('gone'));
    expect(signal.aborted).toBe(false);
  });
});
