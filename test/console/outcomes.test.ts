import { describeFanOut, describeOutcome, idleEntry } from '../../src/console/client/outcomes';
import type { ConnectionDescription } from '../../src/console/client/gateway-client';

const northpay: ConnectionDescription = {
  name: 'northpay',
  adapter: 'northpay',
  capabilities: { get: true, lookup: ['email', 'phone', 'nationalId'], lookupMode: 'users', create: true, update: true, delete: false },
  health: { breaker: 'closed' },
};

describe('connection outcomes', () => {
  it('when a connection answered, then it shows how many it found and how fast', () => {
    expect(describeOutcome('northpay', { status: 'ok', count: 1, latencyMs: 41 })).toEqual({
      connection: 'northpay',
      state: 'ok',
      label: 'ok',
      detail: '1 found',
      latency: '41 ms',
    });
  });

  it('when a provider only says whether an account exists, then it is exists-only', () => {
    expect(describeOutcome('westpay', { status: 'ok', count: 0, exists: true, latencyMs: 38 })).toMatchObject({
      state: 'exists-only',
      detail: 'an account exists (no details shared)',
    });
  });

  it('when a provider cannot search this way, then it is unsupported, without a latency', () => {
    expect(describeOutcome('southpay', { status: 'unsupported' })).toMatchObject({ state: 'unsupported', latency: null });
  });

  it('when a connection failed, then it shows the error code and status', () => {
    expect(describeOutcome('eastpay', { status: 'error', error: { code: 'provider_unavailable', status: 503 }, latencyMs: 12 })).toMatchObject({
      state: 'error',
      detail: 'provider_unavailable (503)',
    });
  });

  it('when nothing was searched yet, then a connection shows what it can search by', () => {
    expect(idleEntry(northpay)).toMatchObject({ state: 'ready', detail: 'searches by email, phone, national id' });
  });

  it('when a breaker is open, then the connection says calls are refused', () => {
    expect(idleEntry({ ...northpay, health: { breaker: 'open' } })).toMatchObject({ state: 'breaker-open', label: 'breaker open' });
  });

  it('when a fan-out was partial, then its summary names the failed and exists-only connections', () => {
    const summary = describeFanOut({
      data: [],
      connections: {
        northpay: { status: 'ok', count: 0, latencyMs: 5 },
        westpay: { status: 'ok', count: 0, exists: true, latencyMs: 5 },
        eastpay: { status: 'error', error: { code: 'provider_timeout', status: 504 }, latencyMs: 5 },
      },
    });
    expect(summary).toBe('No accounts found; 3 connections asked. eastpay failed, so results may be incomplete. westpay: an account exists, without details.');
  });

  it('when a connection found more accounts than an answer carries, then the summary says so', () => {
    const summary = describeFanOut({ data: [], connections: { acme: { status: 'ok', count: 0, truncated: true, latencyMs: 5 } } });
    expect(summary).toBe('No accounts found; 1 connection asked. acme found more accounts than one answer carries; narrow the search.');
  });
});
