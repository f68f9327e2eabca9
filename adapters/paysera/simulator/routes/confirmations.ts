import type { Request, Response } from 'express';
import { fail, jsonBody, sendUser, userOf, type RouteModule, type Simulation } from '../http';

type Channel = 'phone' | 'email';

const VALID: Record<Channel, RegExp> = { phone: /^[1-9]\d{6,14}$/, email: /^[^\s@]+@[^\s@]+$/ };

/** Assigning a phone or email sends a code to it; confirming with that code makes it the user's. */
export const confirmationRoutes: RouteModule = (api, simulation) => {
  for (const channel of ['phone', 'email'] as const) {
    api.post(`/user/:id/${channel}`, (req, res) => assign(simulation, channel, req, res));
    api.put(`/user/:id/${channel}/confirm`, (req, res) => confirm(simulation, channel, req, res));
  }
};

function assign(simulation: Simulation, channel: Channel, req: Request, res: Response): void {
  const user = userOf(req, res, simulation.users);
  const body = user && (jsonBody(req, res) as { phone?: string; email?: string; parameters?: Record<string, string> } | undefined);
  if (!user || !body) return;
  const value = body[channel];
  if (!value || !VALID[channel].test(value)) {
    fail(res, 400, 'invalid_parameters', `A valid ${channel} is required`);
    return;
  }
  const conflict = simulation.users.conflict({ [channel]: value }, user.id);
  if (conflict) {
    fail(res, 400, conflict, 'Already assigned to another user');
    return;
  }
  const code = simulation.state.confirmations.issue(`${channel}:${user.id}`, value);
  if (!code) {
    fail(res, 429, 'rate_limit_exceeded', 'Too many codes sent');
    return;
  }
  simulation.state.send({ purpose: channel, to: value, code }, body.parameters?.[`${channel}_link`]);
  sendUser(simulation, res, user);
}

function confirm(simulation: Simulation, channel: Channel, req: Request, res: Response): void {
  const user = userOf(req, res, simulation.users);
  const body = user && (jsonBody(req, res) as { code?: string | number } | undefined);
  if (!user || !body) return;
  const checked = simulation.state.confirmations.redeem(`${channel}:${user.id}`, String(body.code ?? ''));
  if (!checked.ok) {
    fail(res, checked.error === 'invalid_code' ? 400 : 429, checked.error, 'Code was not accepted');
    return;
  }
  const conflict = simulation.users.conflict({ [channel]: checked.value }, user.id);
  if (conflict) {
    fail(res, 400, conflict, 'Already assigned to another user');
    return;
  }
  sendUser(simulation, res, simulation.users.update(user.id, { [channel]: checked.value }));
}
