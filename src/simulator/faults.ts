import type { RequestHandler } from 'express';
import Joi from 'joi';
import { responseTransformSchema, transformBody, type ResponseTransform } from './transforms';

/**
 * Fault knobs every simulator has, so that tests (ours and users' CI) can drive a gateway's
 * slow, failing and rate-limited paths. Each rate is a probability between 0 and 1; `match`
 * narrows the faults to some requests. Set them in code (`simulator.faults.set`) or over HTTP
 * (`PUT /__faults` with the same JSON; `DELETE /__faults` clears them). `transforms` make the
 * simulator play a provider whose API drifted from its docs, for contract tests.
 */
export interface FaultSettings {
  /** Only requests whose method and path match are affected. */
  match?: { method?: string; pathPrefix?: string };
  /** Only the next this-many matching requests are affected; then the faults clear themselves. */
  count?: number;
  /** Headers added to every matching response (rate-limit headers, say). */
  responseHeaders?: Record<string, string>;
  /** Added before every matching request is handled. */
  latencyMs?: number;
  /** Never answer (the socket stays open until the client gives up). */
  hangRate?: number;
  /** Answer with `errorStatus` (503 by default) and the provider's error body for it (an empty JSON object when the simulator has none). */
  errorRate?: number;
  errorStatus?: number;
  /** Destroy the connection before handling the request. */
  resetRate?: number;
  /** Let the simulator handle the request (a write happens), then destroy the connection unanswered. */
  resetAfterHandlingRate?: number;
  /** Answer 429 with the provider's error body for it (else an empty body), with `Retry-After` when `retryAfterSeconds` is set. */
  rateLimitRate?: number;
  retryAfterSeconds?: number;
  /** Answer 200 with a body that is not what the provider documents. */
  malformedRate?: number;
  malformedKind?: 'truncated-json' | 'not-json' | 'wrong-type';
  /** Answer 200 with a JSON body of this many bytes. */
  oversizedBytes?: number;
  /** Change every JSON answer: rename, retype, add or remove fields, change values (see transforms.ts). */
  transforms?: ResponseTransform[];
}

const rate = Joi.number().min(0).max(1);
export const faultSettingsSchema = Joi.object<FaultSettings>({
  match: Joi.object({ method: Joi.string().uppercase(), pathPrefix: Joi.string() }),
  count: Joi.number().integer().min(1),
  responseHeaders: Joi.object().pattern(Joi.string(), Joi.string()),
  latencyMs: Joi.number().integer().min(0).max(600_000),
  hangRate: rate,
  errorRate: rate,
  errorStatus: Joi.number().integer().min(400).max(599),
  resetRate: rate,
  resetAfterHandlingRate: rate,
  rateLimitRate: rate,
  retryAfterSeconds: Joi.number().integer().min(0).max(86_400),
  malformedRate: rate,
  malformedKind: Joi.string().valid('truncated-json', 'not-json', 'wrong-type'),
  oversizedBytes: Joi.number()
    .integer()
    .min(1)
    .max(100 * 1024 * 1024),
  transforms: Joi.array().items(responseTransformSchema),
}).unknown(false);

export class FaultController {
  private settings: FaultSettings = {};

  /** `errorBody`: the provider's documented error body for a status, when the simulator knows it. */
  constructor(private readonly errorBody?: (status: number) => unknown) {}

  set(settings: FaultSettings): void {
    const result = faultSettingsSchema.validate(settings);
    if (result.error) throw new Error(`invalid fault settings: ${result.error.message}`);
    this.settings = { ...result.value };
  }

  /** The body an injected error of this status carries: the provider's documented one, else none (429) or an empty object. */
  bodyFor(status: number): unknown {
    return this.errorBody?.(status) ?? (status === 429 ? undefined : {});
  }

  clear(): void {
    this.settings = {};
  }

  current(): FaultSettings {
    return this.settings;
  }

  /** The HTTP control surface (`/__faults`) and the injection, as one middleware. */
  middleware(random: () => number = Math.random): RequestHandler {
    return async (req, res, next) => {
      if (req.path === '/__faults') return this.control(req.method, req.body, res);
      const faults = this.settings;
      if (!matches(faults, req.method, req.path)) {
        next();
        return;
      }
      if (faults.count !== undefined && --faults.count <= 0) this.clear();
      for (const [name, value] of Object.entries(faults.responseHeaders ?? {})) res.setHeader(name, value);
      const roll = (probability: number | undefined) => probability !== undefined && probability > 0 && random() < probability;
      if (faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
      if (roll(faults.hangRate)) return undefined;
      if (roll(faults.resetRate)) return req.socket.destroy();
      if (roll(faults.rateLimitRate)) {
        if (faults.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(faults.retryAfterSeconds));
        return this.answer(res, 429);
      }
      if (roll(faults.errorRate)) return this.answer(res, faults.errorStatus ?? 503);
      if (roll(faults.malformedRate)) return sendMalformed(res, faults.malformedKind ?? 'truncated-json');
      if (faults.oversizedBytes)
        return res
          .status(200)
          .type('application/json')
          .send(`{"padding":"${'x'.repeat(faults.oversizedBytes)}"}`);
      if (faults.transforms?.length) transformJsonAnswers(res, faults.transforms);
      if (roll(faults.resetAfterHandlingRate)) {
        // The simulator does the work, then the answer is lost on the wire.
        res.writeHead = (() => {
          req.socket.destroy();
          return res;
        }) as typeof res.writeHead;
      }
      next();
    };
  }

  private answer(res: Parameters<RequestHandler>[1], status: number) {
    const body = this.bodyFor(status);
    return body === undefined ? res.status(status).end() : res.status(status).json(body);
  }

  private control(method: string, body: unknown, res: Parameters<RequestHandler>[1]) {
    if (method === 'DELETE') {
      this.clear();
      return res.status(204).end();
    }
    if (method === 'GET') return res.json(this.settings);
    try {
      this.set(parseJson(body));
      return res.json(this.settings);
    } catch (error) {
      return res.status(400).json({ error: (error as Error).message });
    }
  }
}

function matches(faults: FaultSettings, method: string, path: string): boolean {
  if (faults.match?.method && faults.match.method !== method.toUpperCase()) return false;
  if (faults.match?.pathPrefix && !path.startsWith(faults.match.pathPrefix)) return false;
  return true;
}

function parseJson(body: unknown): FaultSettings {
  if (Buffer.isBuffer(body)) return JSON.parse(body.toString('utf8')) as FaultSettings;
  return body ?? {};
}

function transformJsonAnswers(res: Parameters<RequestHandler>[1], transforms: ResponseTransform[]): void {
  const json = res.json.bind(res);
  res.json = (body: unknown) => json(transformBody(body, transforms));
}

function sendMalformed(res: Parameters<RequestHandler>[1], kind: NonNullable<FaultSettings['malformedKind']>) {
  const bodies = { 'truncated-json': '{"id": 1, "email": "trunc', 'not-json': '<html>Bad gateway</html>', 'wrong-type': '"unexpected"' };
  return res.status(200).type('application/json').send(bodies[kind]);
}
