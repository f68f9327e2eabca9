import type { Router } from 'express';
import type { PeopleService } from '../../people/service';
import { exactRouter, inbound, rememberFailedRoute, validate } from '../context';
import { lookupQuerySchema } from './users';

export function peopleRouter(people: PeopleService): Router {
  const router = exactRouter();
  router.get('/', async (req, res) => {
    res.json(await people.find(validate(lookupQuerySchema, req.query, 'query'), inbound(res)));
  });
  router.use(rememberFailedRoute);
  return router;
}
