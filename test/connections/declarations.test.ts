import { Writable } from 'node:stream';
import { adapters } from '../../adapters';
import { parseConfig } from '../../src/config/load';
import type { Capabilities, ProviderConnection } from '../../src/connections/adapter';
import { connectionCapabilities, DeclarationMismatchError } from '../../src/connections/declarations';
import { createGateway } from '../../src/gateway';
import { createLogger } from '../../src/logging/logger';
import { acmeAdapter } from '../support/acme-adapter';
import { TEST_JWT } from '../support/harness';

const FULL: Capabilities = { get: true, lookup: ['email'], lookupMode: 'users', create: true, update: true, delete: false };
const user = () => Promise.reject(new Error('not called'));

const acme = (declared: Capabilities, connection: ProviderConnection) => acmeAdapter(declared, connection);

const methods = { getUser: user, findUsers: user, createUser: user, updateUser: user };

describe('declared capabilities, checked when a connection opens', () => {
  it('when the connection states none, then it has the declared ones', () => {
    expect(connectionCapabilities(acme(FULL, methods), 'acme-eu', methods)).toEqual(FULL);
  });

  it('when the connection does less than declared (no lookups without its options), then that is what it has', () => {
    const narrower = { ...methods, capabilities: { ...FULL, lookup: [] } };
    expect(connectionCapabilities(acme(FULL, narrower), 'acme-eu', narrower).lookup).toEqual([]);
  });

  it('when the connection claims more than declared, then it is refused, naming the adapter, the connection and what differs', () => {
    const wider = { ...methods, deleteUser: user, capabilities: { ...FULL, delete: true, lookup: ['email', 'phone'] } } satisfies ProviderConnection;
    expect(() => connectionCapabilities(acme(FULL, wider), 'acme-eu', wider)).toThrow(
      new DeclarationMismatchError(
        "The acme adapter's connection acme-eu does not match what the adapter declares: it can delete users, which the adapter does not declare; it looks users up by phone, which the adapter does not declare.",
      ),
    );
  });

  it('when a declared capability has no method, or a method no capability, then it is refused', () => {
    const { updateUser: _missing, ...withoutUpdate } = methods;
    expect(() => connectionCapabilities(acme(FULL, withoutUpdate), 'acme-eu', withoutUpdate)).toThrow('it says it can update users but has no updateUser()');
    const extra = { ...methods, deleteUser: user };
    expect(() => connectionCapabilities(acme(FULL, extra), 'acme-eu', extra)).toThrow('it has deleteUser() but says it cannot delete users');
  });

  it('when the lookup mode differs from the declared one, then it is refused', () => {
    const exists = { ...methods, capabilities: { ...FULL, lookupMode: 'exists' as const } };
    expect(() => connectionCapabilities(acme(FULL, exists), 'acme-eu', exists)).toThrow('its lookups are "exists", the adapter declares "users"');
  });

  it('when a gateway starts with a connection that does not match its adapter, then it stops with that message', () => {
    const wider = { ...methods, deleteUser: user, capabilities: { ...FULL, delete: true } };
    const adapter = acme(FULL, wider);
    const config = parseConfig(
      { auth: { jwt: TEST_JWT }, connections: { 'acme-eu': { adapter: 'acme', baseUrl: 'http://127.0.0.1:9', credentials: {} } } },
      [adapter],
      {},
    );
    const quiet = createLogger({ destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });
    expect(() => createGateway(config, { adapters: [adapter], logger: quiet })).toThrow(DeclarationMismatchError);
  });

  it.each(adapters.map((adapter) => [adapter.name, adapter] as const))(
    'when %s connects to its own simulator, then its connection keeps to its declaration',
    async (_name, adapter) => {
      const simulator = await adapter.startSimulator();
      try {
        const config = parseConfig(
          {
            auth: { jwt: TEST_JWT },
            connections: {
              [adapter.name]: { adapter: adapter.name, baseUrl: simulator.baseUrl, credentials: simulator.credentials, options: simulator.options },
            },
          },
          adapters,
          {},
        );
        const quiet = createLogger({ destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });
        const gateway = createGateway(config, { adapters, logger: quiet });
        expect(gateway.connections.get(adapter.name)?.capabilities).toEqual(adapter.capabilities);
        await gateway.close();
      } finally {
        await simulator.close();
      }
    },
  );
});
