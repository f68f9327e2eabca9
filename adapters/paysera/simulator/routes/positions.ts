import type { Request, Response } from 'express';
import type { PayseraPosition } from '../../types';
import { allowed, fail, jsonBody, userOf, type RouteModule } from '../http';

const TYPES = ['default', 'hidden', 'merchant'];
const PAGE = 20;

function inRange(value: unknown, limit: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit;
}

/** Great-circle distance in metres (haversine). */
function metresBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const h = Math.sin(radians(b.lat - a.lat) / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(radians(b.lng - a.lng) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/** A user's position (scope `user_position`) and the search of positions near a point. */
export const positionRoutes: RouteModule = (api, simulation) => {
  const { positions } = simulation.state;
  const owner = (req: Request, res: Response) => (allowed(simulation, res, 'user_position') ? userOf(req, res, simulation.users) : undefined);

  api.put('/user/:id/position', (req, res) => {
    const user = owner(req, res);
    const body = user && (jsonBody(req, res) as PayseraPosition | undefined);
    if (!user || !body) return;
    if (!inRange(body.lat, 90) || !inRange(body.lng, 180) || (body.type !== undefined && !TYPES.includes(body.type))) {
      fail(res, 400, 'invalid_parameters', 'lat, lng and type must be valid');
      return;
    }
    const position = { lat: body.lat, lng: body.lng, ...(body.type && body.type !== 'default' && { type: body.type }) };
    positions.set(user.id, position);
    return res.json(position);
  });

  api.get('/user/:id/position', (req, res) => {
    const user = owner(req, res);
    const position = user && positions.get(user.id);
    if (!user) return;
    if (position) res.json(position);
    else fail(res, 404, 'not_found', 'User has no position');
  });

  api.delete('/user/:id/position', (req, res) => {
    const user = owner(req, res);
    if (!user) return;
    if (positions.delete(user.id)) res.status(204).end();
    else fail(res, 404, 'not_found', 'User has no position');
  });

  api.get('/positions', (req, res) => {
    if (!allowed(simulation, res, 'user_position')) return;
    const lat = Number(req.query.lat);
    const lng = Number(req.query.lng);
    const distance = Number(req.query.distance);
    if (!inRange(lat, 90) || !inRange(lng, 180) || !(distance > 0)) {
      fail(res, 400, 'invalid_parameters', 'lat, lng and distance are required');
      return;
    }
    const near = [...positions]
      .filter(([, position]) => position.type !== 'hidden')
      .map(([userId, position]) => ({ found: { user_id: userId, ...position }, metres: metresBetween({ lat, lng }, position) }))
      .filter(({ metres }) => metres <= distance)
      .sort((a, b) => a.metres - b.metres)
      .map(({ found }) => found);
    return res.json({ positions: near.slice(0, PAGE), _metadata: { total: near.length, offset: 0, limit: PAGE } });
  });
};
