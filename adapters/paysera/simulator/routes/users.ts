import type { PayseraIdentity, PayseraRegistration, PayseraUser } from '../../types';
import type { PayseraScope } from '../clients';
import { allowed, fail, jsonBody, sendUser, userOf, withoutEmpty, type RouteModule } from '../http';

/** Get, search, register and provide identity: the user resource itself. */
export const userRoutes: RouteModule = (api, simulation) => {
  const { users, state } = simulation;

  api.get('/user', (req, res) => {
    const { email, phone, person_code: personCode, nationality } = req.query as Record<string, string | undefined>;
    if (!email && !phone && !personCode) {
      fail(res, 400, 'invalid_parameters', 'Give email, phone or person_code');
      return;
    }
    if (personCode && !nationality) {
      fail(res, 400, 'invalid_parameters', 'person_code needs nationality');
      return;
    }
    if (personCode && !simulation.client(res).personCodeSearch) {
      fail(res, 403, 'forbidden', 'Client has no permission to search by person code');
      return;
    }
    const user = users.find({ email, phone, personCode, nationality });
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

/** `GET /user/{id}/{field}`: 403 without the field's scope, 404 when the user has no such information. */
const FIELDS = new Map<string, { scope: PayseraScope; read: (user: PayseraUser) => unknown }>([
  ['email', { scope: 'email', read: (user) => user.email }],
  ['phone', { scope: 'phone', read: (user) => user.phone }],
  ['address', { scope: 'address', read: (user) => user.address }],
  ['identity', { scope: 'identity', read: (user) => user.identity }],
  [
    'wallets',
    {
      scope: 'wallet_list',
      read: (user) => user.wallets?.map((id) => ({ id, owner: user.id, account: { number: `EVP${String(id).padStart(13, '0')}` } })),
    },
  ],
]);

const fieldRoutes: RouteModule = (api, simulation) => {
  api.get('/user/:id/:field', (req, res, next) => {
    const field = FIELDS.get(req.params.field);
    if (!field) {
      next();
      return;
    }
    const user = allowed(simulation, res, field.scope) ? userOf(req, res, simulation.users) : undefined;
    if (!user) return;
    const value = field.read(user);
    if (value === undefined) fail(res, 404, 'not_found', 'Information is not available');
    else res.json(value);
  });
};
