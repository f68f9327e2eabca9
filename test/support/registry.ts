import { randomBytes } from 'node:crypto';
import { adapters } from '../../adapters';
import type { FieldPath } from '../../src/canonical/provenance';
import type { AdapterDefinition, LookupKey } from '../../src/connections/adapter';

/**
 * Tests of the gateway itself (caching, resilience, auth, the CLI, the console) need an adapter and
 * its simulator, not a given provider: they take the first adapter of the registry that can do
 * what they exercise, so that no test names a provider (test/meta/registry-names.test.ts).
 */
export interface Needs {
  create?: true;
  /** Its declared create sends a password. */
  password?: true;
  update?: true;
  delete?: true;
  /** Finds users (not only whether one exists) by this key. */
  lookup?: LookupKey;
  /** Answers a lookup only with whether an account exists. */
  existsOnly?: true;
  /** Seeds at least this many readable users besides the demo person. */
  otherUsers?: number;
  /** Maps these canonical fields. */
  maps?: readonly FieldPath[];
}

function satisfies(adapter: AdapterDefinition, needs: Needs): boolean {
  const { capabilities, demo, fieldSources } = adapter;
  return (
    (!needs.create || (capabilities.create && demo.newUser !== undefined)) &&
    (!needs.password || demo.newUser?.password !== undefined) &&
    (!needs.update || (capabilities.update && demo.patch !== undefined)) &&
    (!needs.delete || capabilities.delete) &&
    (!needs.lookup || (capabilities.lookup.includes(needs.lookup) && capabilities.lookupMode === 'users')) &&
    (!needs.existsOnly || (capabilities.lookup.length > 0 && capabilities.lookupMode === 'exists')) &&
    demo.userIds.length >= (needs.otherUsers ?? 0) &&
    (needs.maps ?? []).every((field) => fieldSources?.[field] !== undefined)
  );
}

/** The adapters of the registry that can do all of `needs`, in registry order. */
export function adaptersWith(needs: Needs = {}): AdapterDefinition[] {
  return adapters.filter((adapter) => satisfies(adapter, needs));
}

/** The first adapter of the registry that can do all of `needs`; a test that needs what none can do fails here. */
export function adapterWith(needs: Needs = {}): AdapterDefinition {
  const [found] = adaptersWith(needs);
  if (!found) throw new Error(`No adapter in the registry can do all of ${JSON.stringify(needs)}.`);
  return found;
}

/** The demo person's global id at a connection named after the adapter. */
export function personId(adapter: AdapterDefinition): string {
  return `${adapter.name}:${adapter.demo.personId}`;
}

/** Another demo user's global id (the `index`th). */
export function otherUserId(adapter: AdapterDefinition, index = 0): string {
  const id = adapter.demo.userIds[index];
  if (id === undefined) throw new Error(`${adapter.name} declares fewer than ${index + 1} other demo users.`);
  return `${adapter.name}:${id}`;
}

/** A create the adapter's simulator accepts, at a connection named after it, with a fresh email (or the one given). */
export function newUserRequest(adapter: AdapterDefinition, email = `new.${randomBytes(4).toString('hex')}@example.com`) {
  const { newUser } = adapter.demo;
  if (!newUser) throw new Error(`${adapter.name} declares no demo create.`);
  return { connection: adapter.name, user: { ...newUser.user, email }, ...(newUser.password !== undefined && { password: newUser.password }) };
}

/** A declared connection to the adapter that a config accepts (its simulator's generated credentials), at a simulator already closed. */
export async function configuredConnection(adapter: AdapterDefinition) {
  const simulator = await adapter.startSimulator();
  await simulator.close();
  return { adapter: adapter.name, baseUrl: simulator.baseUrl, credentials: simulator.credentials, options: simulator.options };
}
