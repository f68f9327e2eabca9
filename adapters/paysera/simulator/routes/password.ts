import type { PayseraPasswordReset } from '../../types';
import { fail, jsonBody, sendUser, userOf, type RouteModule } from '../http';

const MIN_PASSWORD_LENGTH = 8;

/** Password reset (a code by email or SMS) and change (with that code or the old password). */
export const passwordRoutes: RouteModule = (api, simulation) => {
  const { users, state } = simulation;

  api.post('/user/password/reset', (req, res) => {
    const body = jsonBody(req, res) as PayseraPasswordReset | undefined;
    if (!body) return;
    if (!body.email === !body.phone) {
      fail(res, 400, 'invalid_parameters', 'Give email or phone');
      return;
    }
    const user = users.find(body.email ? { email: body.email } : { phone: body.phone });
    if (!user) {
      fail(res, 404, 'not_found', 'User not found');
      return;
    }
    const personCode = user.identity?.code;
    if (personCode && !body.identity?.code) {
      fail(res, 400, 'identity_required', 'This user must be named with the person code');
      return;
    }
    if (personCode && body.identity?.code !== personCode) {
      fail(res, 400, 'invalid_identity', 'Person code does not match');
      return;
    }
    const code = state.passwordResets.issue(String(user.id), null);
    if (!code) {
      fail(res, 429, 'rate_limit_exceeded', 'Too many reset codes sent');
      return;
    }
    const to = body.email ? user.email : user.phone;
    if (to === undefined) throw new Error('A user found by email or phone has it.');
    state.send({ purpose: 'password', to, code });
    sendUser(simulation, res, user);
  });

  api.put('/user/:id/password', (req, res) => {
    const user = userOf(req, res, users);
    const body = user && (jsonBody(req, res) as { password?: unknown; code?: string | number; old_password?: unknown } | undefined);
    if (!user || !body) return;
    if (typeof body.password !== 'string' || body.password.length < MIN_PASSWORD_LENGTH) {
      fail(res, 400, 'invalid_password', 'Password does not meet the rules');
      return;
    }
    if (body.code !== undefined) {
      const checked = state.passwordResets.redeem(String(user.id), String(body.code));
      if (!checked.ok) {
        fail(res, checked.error === 'invalid_code' ? 400 : 429, checked.error, 'Code was not accepted');
        return;
      }
    } else if (body.old_password === undefined || state.passwords.get(user.id) !== body.old_password) {
      fail(res, 400, 'invalid_password', 'Old password is wrong');
      return;
    }
    state.passwords.set(user.id, body.password);
    sendUser(simulation, res, user);
  });
};
