import type { Request } from 'express';
import type { PayseraIdentity, PayseraRegistration, PayseraUser, PayseraWallet } from '../../types';
import type { PayseraScope } from '../clients';
import { allowed, fail, jsonBody, sendUser, userOf, withoutEmpty, type RouteModule, type Simulation } from '../http';

type PersonCodeQuery = { personCode: string; nationality: string } | { problem: string } | undefined;

const BRACKETED = /^person_code\[([a-zA-Z]{2})\]$/;

/**
 * The person code a search names, in either form Paysera is seen to take. NOTE: the docs write
 * `person_code[:nationality]=:code` (old user page: "person_code always comes with nationality") and
 * `?person_code[lt]=31001010000` (wallet search page); Paysera's official Java SDK sends
 * `person_code=<code>&nationality=<xx>` (java-lib-wallet-sdk WalletApiClient.java L120-126). Anything
 * else (a code without its nationality, both forms at once, two codes) is refused.
 */
function personCodeOf(query: URLSearchParams): PersonCodeQuery {
  const bracketed = [...query.keys()].filter((key) => BRACKETED.test(key));
  const flat = query.getAll('person_code');
  const nationality = query.getAll('nationality');
  if (bracketed.length === 0 && flat.length === 0) return nationality.length ? { problem: 'nationality needs person_code' } : undefined;
  if (bracketed.length + flat.length > 1 || (bracketed.length && nationality.length)) return { problem: 'Give one person_code' };
  const [key] = bracketed;
  if (key !== undefined) return { personCode: query.get(key) ?? '', nationality: BRACKETED.exec(key)?.[1] ?? '' };
  const [personCode = ''] = flat;
  const [country] = nationality;
  if (nationality.length !== 1 || !country) return { problem: 'person_code needs nationality' };
  return { personCode, nationality: country };
}

function searchQuery(req: Request): URLSearchParams {
  return new URL(req.originalUrl, 'http://simulator').searchParams;
}

/** Get, search, register and provide identity: the user resource itself. */
export const userRoutes: RouteModule = (api, simulation) => {
  const { users, state } = simulation;

  api.get('/user', (req, res) => {
    const query = searchQuery(req);
    const email = query.get('email') ?? undefined;
    const phone = query.get('phone') ?? undefined;
    const person = personCodeOf(query);
    if (person && 'problem' in person) {
      fail(res, 400, 'invalid_parameters', person.problem);
      return;
    }
    if (!email && !phone && !person) {
      fail(res, 400, 'invalid_parameters', 'Give email, phone or person_code');
      return;
    }
    if (person && !simulation.client(res).personCodeSearch) {
      fail(res, 403, 'forbidden', 'Client has no permission to search by person code');
      return;
    }
    const user = users.find({ email, phone, ...person });
    if (user) sendUser(simulation, res, user);
    else fail(res, 404, 'not_found', 'User not found');
  });

  api.get('/user/:id', (req, res) => {
    const user = userOf(req, res, users);
    if (user) sendUser(simulation, res, user);
  });

  api.post('/user', (req, res) => {
    const body = allowed(simulation, res, 'registration') && (jsonBody(req, res) as PayseraRegistration | undefined);
    if (!body) return;
    if (!body.email && !body.phone) {
      fail(res, 400, 'invalid_parameters', 'email or phone is required');
      return;
    }
    if (body.credentials && !['main-password', 'pre-salt-sha1-base64'].includes(body.credentials.type)) {
      fail(res, 400, 'invalid_parameters', 'Unknown credentials type');
      return;
    }
    const fields = withoutEmpty({ email: body.email, phone: body.phone, locale: body.locale, identity: body.identity });
    const conflict = users.conflict(fields);
    if (conflict) {
      fail(res, 400, conflict, 'Already assigned to another user');
      return;
    }
    const user = users.create({ ...fields, identification_level: 'unidentified' });
    if (body.credentials?.type === 'main-password') state.passwords.set(user.id, body.credentials.password);
    sendUser(simulation, res, user);
  });

  api.put('/user/:id', (req, res) => {
    const user = allowed(simulation, res, 'identification') ? userOf(req, res, users) : undefined;
    const body = user && (jsonBody(req, res) as { email?: string; identity?: PayseraIdentity } | undefined);
    if (!user || !body) return;
    if (!body.identity?.name || !body.identity.surname) {
      fail(res, 400, 'invalid_parameters', 'identity with name and surname is required');
      return;
    }
    const conflict = users.conflict({ email: body.email, identity: body.identity }, user.id);
    if (conflict) {
      fail(res, 400, conflict, 'Already assigned to another user');
      return;
    }
    sendUser(simulation, res, users.update(user.id, withoutEmpty({ email: body.email ?? user.email, identity: body.identity })));
  });

  fieldRoutes(api, simulation);
};

/**
 * The user's wallets as `GET /user/{id}/wallets` lists them: a JSON array (Swift `[PSWallet]`, Java
 * `List<Wallet>`), active ones only unless `inactive_included=true`
 * (developers.paysera.com/api/wallet/get-user-wallets). Nothing documents how an inactive wallet is
 * marked, so none is; a value other than true or false is refused (a simulator choice).
 */
function walletsOf(user: PayseraUser, simulation: Simulation, inactiveIncluded: boolean): PayseraWallet[] | undefined {
  const known = [...simulation.wallets.values()].filter((wallet) => wallet.owner === user.id);
  const named = (user.wallets ?? [])
    .filter((id) => !simulation.wallets.has(id))
    .map((id) => ({ id, owner: user.id, active: true, account: { number: `EVP${String(id).padStart(13, '0')}` } }));
  const listed = [...known, ...named].filter((wallet) => wallet.active || inactiveIncluded).sort((a, b) => a.id - b.id);
  if (listed.length === 0 && user.wallets === undefined) return undefined;
  return listed.map((wallet) => ({ id: wallet.id, owner: wallet.owner, ...(wallet.account && { account: wallet.account }) }));
}

/**
 * `GET /user/{id}/{field}`: 403 without the field's scope, 404 when the user has no such information.
 * NOTE: email and phone answer a bare JSON string (lib-wallet-php-client WalletClient.php L601-605,
 * L616-620: `@return string`; API reference get-user-email `"example@paysera.com"`).
 */
const FIELDS = new Map<string, { scope: PayseraScope; read: (user: PayseraUser, simulation: Simulation, query: URLSearchParams) => unknown }>([
  ['email', { scope: 'email', read: (user) => user.email }],
  ['phone', { scope: 'phone', read: (user) => user.phone }],
  ['address', { scope: 'address', read: (user) => user.address }],
  ['identity', { scope: 'identity', read: (user) => user.identity }],
  ['wallets', { scope: 'wallet_list', read: (user, simulation, query) => walletsOf(user, simulation, query.get('inactive_included') === 'true') }],
]);

const fieldRoutes: RouteModule = (api, simulation) => {
  api.get('/user/:id/:field', (req, res, next) => {
    const field = FIELDS.get(req.params.field);
    if (!field) {
      next();
      return;
    }
    const query = searchQuery(req);
    const inactiveIncluded = query.get('inactive_included');
    if (inactiveIncluded !== null && inactiveIncluded !== 'true' && inactiveIncluded !== 'false') {
      fail(res, 400, 'invalid_parameters', 'inactive_included must be true or false');
      return;
    }
    const user = allowed(simulation, res, field.scope) ? userOf(req, res, simulation.users) : undefined;
    if (!user) return;
    const value = field.read(user, simulation, query);
    if (value === undefined) fail(res, 404, 'not_found', 'Information is not available');
    else res.json(value);
  });
};
