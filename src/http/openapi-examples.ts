import type { CreateUserRequest, UserDraft, UserPatch } from '../canonical/input';
import type { FieldOrigin } from '../canonical/provenance';
import type { CanonicalUser, PersonName } from '../canonical/user';
import type { AdapterDefinition } from '../connections/adapter';
import type { PeopleResult } from '../people/service';
import { fullName } from '../provider-kit/normalise';
import type { FanOutResult } from '../users/service';

/**
 * Examples of the canonical routes' bodies, as the gateway answers them with every scope, at one
 * connection per adapter named like its adapter: the demo person of docs/demo-data.md at each (the
 * id each adapter declares for her), its declared create and patch. They depend on the adapters
 * only, like the rest of the document. A test validates each against its
 * schema, and sends the write examples to a gateway in front of the simulators.
 */
export type OpenApiExamples = ReturnType<typeof openApiExamples>;

/** A connection of the examples: where there is no adapter, a made-up one. */
interface Site {
  connection: string;
  provider: string;
  personId: string;
  newUser?: { user: UserDraft; password?: string };
  patch?: UserPatch;
}

const MADE_UP: Site = { connection: 'wallet', provider: 'wallet', personId: '1001' };

const siteOf = (adapter: AdapterDefinition): Site => ({
  connection: adapter.name,
  provider: adapter.name,
  personId: adapter.demo.personId,
  newUser: adapter.demo.newUser,
  patch: adapter.demo.patch,
});

/** The demo person (docs/demo-data.md) as a connection answers for her. */
function egleAt(site: Site): CanonicalUser {
  return {
    id: `${site.connection}:${site.personId}`,
    connection: site.connection,
    provider: site.provider,
    providerUserId: site.personId,
    email: 'egle.jankauskiene@example.com',
    emailVerified: true,
    phone: '+37060012345',
    name: { given: 'Eglė', family: 'Jankauskienė', full: 'Eglė Jankauskienė' },
    dateOfBirth: '1988-04-12',
    gender: 'female',
    nationality: 'LT',
    nationalId: '48804120123',
    address: { line1: 'Gedimino pr. 1', city: 'Vilnius', postalCode: 'LT-01103', state: null, country: 'LT' },
    status: 'active',
    verification: 'full',
    locale: 'lt',
    timezone: 'Europe/Vilnius',
    mfaEnabled: null,
    avatarUrl: null,
    createdAt: '2024-11-20T09:30:00Z',
    updatedAt: null,
    lastLoginAt: null,
    extensions: {},
  };
}

/** A name as the gateway writes it back: one full name stays one; given and family are joined. */
function nameOf(name: Partial<Record<keyof PersonName, string | null>> | null | undefined, before: PersonName): PersonName {
  if (name === null) return { given: null, family: null, full: null };
  if (name === undefined) return before;
  if (name.full !== undefined) return { given: name.given ?? null, family: name.family ?? null, full: name.full };
  const given = name.given === undefined ? before.given : name.given;
  const family = name.family === undefined ? before.family : name.family;
  return { given, family, full: fullName(given, family) };
}

const origin = (user: CanonicalUser, value: unknown, providerField: string, transform: string | null = null): FieldOrigin => ({
  value,
  account: user.id,
  connection: user.connection,
  providerField,
  transform,
});

export function openApiExamples(adapters: readonly AdapterDefinition[]) {
  const sites = adapters.map(siteOf);
  const [first = MADE_UP, second = first] = sites;
  const writer = sites.find((site) => site.newUser) ?? first;
  const patcher = sites.find((site) => site.patch) ?? first;
  const egle = egleAt(first);
  const egleElsewhere = egleAt(second);

  const fanOut = {
    data: [egle, ...(second === first ? [] : [egleElsewhere])],
    connections: Object.fromEntries(
      (sites.length ? sites : [first]).map((site, index) => [site.connection, { status: 'ok' as const, count: index < 2 ? 1 : 0, latencyMs: 28 + index * 40 }]),
    ),
  } satisfies FanOutResult;

  const newUser = writer.newUser ?? { user: { email: 'ada.lovelace@example.com' } };
  const createUser = {
    connection: writer.connection,
    user: { ...newUser.user, email: 'ada.lovelace@example.com' },
    ...(newUser.password !== undefined && { password: newUser.password }),
  } satisfies CreateUserRequest;

  const patch = patcher.patch ?? { phone: '+37060099999' };
  const patched = egleAt(patcher);

  return {
    userId: egle.id,
    user: egle,
    userWithProvenance: {
      ...egle,
      provenance: {
        email: origin(egle, 'egle.jankauskiene@example.com', 'email'),
        phone: origin(egle, '+37060012345', 'phone', 'E.164'),
      },
    },
    fanOut,
    people: {
      data: [
        {
          id: 'person_Moabf8fRmx8BrTO8',
          confidence: 'high',
          accounts: fanOut.data.map((user) => user.id),
          links:
            fanOut.data.length > 1
              ? [{ accounts: [egle.id, egleElsewhere.id], reasons: ['same email', 'same E.164 phone'], conflicting: [], confidence: 'high' }]
              : [],
          record: {
            email: {
              value: 'egle.jankauskiene@example.com',
              sources: fanOut.data.map((user) => ({ account: user.id, connection: user.connection, providerField: 'email', transform: null })),
            },
          },
          elsewhere: [],
        },
      ],
      candidates: [],
      existsOnly: [],
      accounts: fanOut.data,
      connections: fanOut.connections,
    } satisfies PeopleResult,
    createUser,
    createdUser: {
      ...egleAt(writer),
      id: `${writer.connection}:new-user-id`,
      providerUserId: 'new-user-id',
      email: createUser.user.email,
      name: nameOf(createUser.user.name, { given: null, family: null, full: null }),
      phone: createUser.user.phone ?? null,
      dateOfBirth: null,
      gender: null,
      nationality: null,
      nationalId: null,
      address: null,
      verification: null,
      status: 'pending',
      createdAt: '2025-03-20T10:15:00Z',
    } satisfies CanonicalUser,
    patchedUserId: patched.id,
    userPatch: patch,
    patchedUser: {
      ...patched,
      ...(patch.name !== undefined && { name: nameOf(patch.name, patched.name) }),
      updatedAt: '2025-03-20T10:20:00Z',
    } satisfies CanonicalUser,
    ready: { status: 'ready', checks: { redis: 'ok', store: 'ok', connections: { closed: sites.length, 'half-open': 0, open: 0 } } },
    notReady: { status: 'draining', checks: { redis: 'ok', store: 'ok', connections: { closed: Math.max(0, sites.length - 1), 'half-open': 0, open: 1 } } },
  };
}

export const HEALTH_EXAMPLE = { status: 'ok' };

export const OPENAPI_EXAMPLE = { openapi: '3.1.0', info: { title: 'usergate', version: '0.1.0' }, paths: {} };

export const HTML_EXAMPLE = '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8" />\n    <title>usergate</title>\n';
