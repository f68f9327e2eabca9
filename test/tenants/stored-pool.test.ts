import type { Connection, ConnectionUsage } from '../../src/connections/registry';
import { StoredConnectionPool } from '../../src/connections/stored-pool';
import type { StoredConnection } from '../../src/connections/store/types';
import { createLogger } from '../../src/logging/logger';
import { eventually } from '../support/stores';

/** A stand-in opened connection that counts how often its sockets were closed (the pool only opens, uses and closes). */
function opened(tenant: string, name: string, usage: ConnectionUsage) {
  const closed = { count: 0 };
  const connection = { tenant, name, usage, provider: {}, http: { close: () => (closed.count += 1) } } as unknown as Connection;
  return { connection, closed };
}

/** Closing is asynchronous (a provider may have something to close first). */
const settled = () => new Promise((resolve) => setImmediate(resolve));

function record(name: string, revision = 1, tenant = 'acme'): StoredConnection {
  return { tenant, name, id: `id-${name}`, revision } as StoredConnection;
}

describe('the pool of opened stored connections', () => {
  let pool: StoredConnectionPool;
  const closedOf = new Map<string, { count: number }>();
  const acquire = (stored: StoredConnection) =>
    pool.acquire(stored, (usage) => {
      const { connection, closed } = opened(stored.tenant, stored.name, usage);
      closedOf.set(`${stored.name}@${stored.revision}`, closed);
      return connection;
    });
  afterEach(() => pool.closeAll());
  beforeEach(() => closedOf.clear());

  it('when more connections are used than it keeps, then the least recently used is closed and the pool stays at its bound', async () => {
    pool = new StoredConnectionPool({ maxOpen: 2, idleCloseMs: 60_000, logger: createLogger({ level: 'error' }) });
    acquire(record('a'));
    acquire(record('b'));
    acquire(record('a'));
    acquire(record('c'));
    await settled();
    expect(pool.size).toBe(2);
    expect(closedOf.get('b@1')!.count).toBe(1);
    expect(closedOf.get('a@1')!.count).toBe(0);
  });

  it('when the same revision is asked for again, then the opened connection is reused', () => {
    pool = new StoredConnectionPool({ maxOpen: 10, idleCloseMs: 60_000, logger: createLogger({ level: 'error' }) });
    expect(acquire(record('a'))).toBe(acquire(record('a')));
  });

  it('when a new revision comes while a call is in flight, then the new one is opened and the old closes only once the call is done', async () => {
    pool = new StoredConnectionPool({ maxOpen: 10, idleCloseMs: 60_000, logger: createLogger({ level: 'error' }) });
    const old = acquire(record('a', 1));
    const done = old.usage!.begin();
    const current = acquire(record('a', 2));
    expect(current).not.toBe(old);
    await settled();
    expect(closedOf.get('a@1')!.count).toBe(0);
    done();
    await settled();
    expect(closedOf.get('a@1')!.count).toBe(1);
    expect(closedOf.get('a@2')!.count).toBe(0);
  });

  it('when a connection is retired, then the next use opens it anew', async () => {
    pool = new StoredConnectionPool({ maxOpen: 10, idleCloseMs: 60_000, logger: createLogger({ level: 'error' }) });
    const first = acquire(record('a'));
    pool.retire('acme', 'a');
    await settled();
    expect(closedOf.get('a@1')!.count).toBe(1);
    expect(acquire(record('a'))).not.toBe(first);
  });

  it('when a connection is unused for its idle time, then it is closed, and one with a call in flight is not', async () => {
    pool = new StoredConnectionPool({ maxOpen: 10, idleCloseMs: 100, logger: createLogger({ level: 'error' }) });
    acquire(record('idle'));
    const busy = acquire(record('busy'));
    const done = busy.usage!.begin();
    await eventually(() => closedOf.get('idle@1')!.count === 1, 5_000, 'the idle connection closed');
    expect(pool.size).toBe(1);
    expect(closedOf.get('busy@1')!.count).toBe(0);
    done();
  });
});
