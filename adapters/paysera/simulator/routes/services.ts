import { PAYSERA_SERVICES, type PayseraService, type PayseraServiceName } from '../../types';
import { allowed, fail, userOf, type RouteModule } from '../http';

/** The services table of the User resource page. */
const TITLES: Record<PayseraServiceName, string> = {
  affiliate: 'Affiliate program participant',
  macro: 'Macro payments collection',
  micro: 'Micro payments collection',
  offline: 'Offline service',
  payment_instruments: 'Payment instruments usage',
  paysera_app: 'Paysera app usage',
  sms_bank: 'SMS bank service',
};

const isService = (name: string): name is PayseraServiceName => Object.hasOwn(TITLES, name);

function describe(service: PayseraServiceName, added: number | undefined): PayseraService {
  return added === undefined
    ? { service, status: 'disabled', title: TITLES[service], actions: ['enable'] }
    : { service, status: 'enabled', title: TITLES[service], actions: [], added };
}

/**
 * A user's services (scope `services`): the list and enabling one. NOTE: the PUT has no body and
 * answers the one service (swift-lib-wallet-sdk WalletApiClient.swift L456-462 → `PSUserService`:
 * `service`, `status`, `title`, `actions` required, `url` and `added` optional).
 */
export const serviceRoutes: RouteModule = (api, simulation) => {
  const enabledOf = (userId: number) => simulation.state.services.get(userId) ?? new Map<string, number>();

  api.get('/user/:id/services', (req, res) => {
    const user = allowed(simulation, res, 'services') ? userOf(req, res, simulation.users) : undefined;
    if (!user) return;
    const enabled = enabledOf(user.id);
    // NOTE: Swift `PSUserServiceResponse` reads `services`; the Java SDK's `UserServiceResponse` also reads `user_id`.
    res.json({ user_id: user.id, services: PAYSERA_SERVICES.map((service) => describe(service, enabled.get(service))) });
  });

  api.put('/user/:id/service/:service', (req, res) => {
    const user = allowed(simulation, res, 'services') ? userOf(req, res, simulation.users) : undefined;
    if (!user) return;
    const { service } = req.params;
    if (!isService(service)) {
      fail(res, 400, 'invalid_parameters', 'Unknown service');
      return;
    }
    const enabled = enabledOf(user.id);
    if (!enabled.has(service)) enabled.set(service, simulation.now());
    simulation.state.services.set(user.id, enabled);
    res.json(describe(service, enabled.get(service)));
  });
};
