import { credentialsFingerprint, sealCredentials, unsealCredentials } from '../../src/connections/catalog';
import { KeyRing } from '../../src/secrets/key-ring';
import { BACKENDS, newConnection, type TestDatabase } from '../support/stores';

const ring = KeyRing.parse(KeyRing.generateEntry('k1'));
const credentials = { clientId: 'client-42', macKey: 'mac-key-very-secret' };

describe('sealed credentials', () => {
  it('when credentials are sealed for a connection, then they open for it and read back exactly, and the blob shows none of them', () => {
    const sealed = sealCredentials(credentials, 'acme', 'wallet', ring);
    expect(sealed.sealedCredentials).not.toContain('mac-key-very-secret');
    expect(sealed.sealedCredentials).not.toContain('client-42');
    expect(unsealCredentials({ tenant: 'acme', name: 'wallet', sealedCredentials: sealed.sealedCredentials }, ring)).toEqual(credentials);
  });

  it('when no configured key opens the record, then unsealing answers undefined (the connection is unreadable)', () => {
    const { sealedCredentials } = sealCredentials(credentials, 'acme', 'wallet', ring);
    const otherRing = KeyRing.parse(KeyRing.generateEntry('k1'));
    expect(unsealCredentials({ tenant: 'acme', name: 'wallet', sealedCredentials }, otherRing)).toBeUndefined();
    expect(unsealCredentials({ tenant: 'acme', name: 'wallet', sealedCredentials: 'not a sealed record' }, ring)).toBeUndefined();
  });

  it('when the fingerprint is taken, then it is the same for the same credentials in any key order, and differs for others', () => {
    const fingerprint = credentialsFingerprint(credentials, ring);
    expect(fingerprint).toHaveLength(16);
    expect(credentialsFingerprint({ macKey: 'mac-key-very-secret', clientId: 'client-42' }, ring)).toBe(fingerprint);
    expect(credentialsFingerprint({ ...credentials, macKey: 'mac-key-very-secreT' }, ring)).not.toBe(fingerprint);
    expect(sealCredentials(credentials, 'acme', 'wallet', ring).credentialsFingerprint).toBe(fingerprint);
  });

  it('when someone without the key holds a fingerprint, then it does not tell them the credentials (it is keyed)', () => {
    const otherRing = KeyRing.parse(KeyRing.generateEntry('k1'));
    expect(credentialsFingerprint(credentials, otherRing)).not.toBe(credentialsFingerprint(credentials, ring));
  });
});

describe.each(BACKENDS)('sealed credentials stored in %s', (_kind, setUp) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await setUp();
  });
  afterEach(() => database.dispose());

  it('when a sealed record is copied to another tenant or another name, then it does not open there', async () => {
    const store = await database.open();
    const sealed = sealCredentials(credentials, 'acme', 'wallet', ring);
    const original = await store.create(newConnection({ tenant: 'acme', name: 'wallet', ...sealed }));
    const otherTenant = await store.create(newConnection({ tenant: 'globex', name: 'wallet', ...sealed }));
    const otherName = await store.create(newConnection({ tenant: 'acme', name: 'wallet-2', ...sealed }));
    expect(unsealCredentials(original, ring)).toEqual(credentials);
    expect(unsealCredentials(otherTenant, ring)).toBeUndefined();
    expect(unsealCredentials(otherName, ring)).toBeUndefined();
  });

  it('when credentials are stored, then no column of the database holds them in the clear', async () => {
    const store = await database.open();
    await store.create(newConnection({ tenant: 'acme', name: 'wallet', ...sealCredentials(credentials, 'acme', 'wallet', ring) }));
    const rows = await database.raw('SELECT * FROM usergate_connections');
    expect(JSON.stringify(rows)).not.toContain('mac-key-very-secret');
  });
});
