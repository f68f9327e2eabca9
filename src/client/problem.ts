import type { components } from './generated/openapi';

/** The problem+json document of a failed call (RFC 9457), as the OpenAPI document describes it. */
export type Problem = components['schemas']['Problem'];

/**
 * Why a call failed: one of the gateway's stable problem codes; `unreachable` when no answer came (the
 * network, a timeout); `http_<status>` when something that is not the gateway answered (a proxy's page).
 */
export type ProblemCode = Problem['code'] | 'unreachable' | `http_${number}`;

/** A failed call, as a value: the code to branch on, the HTTP status (0 when nothing answered), and whether to try again later. */
export class GatewayProblem extends Error {
  override readonly name = 'GatewayProblem';

  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    message: string,
    /** Whether the same request may succeed later (the gateway's own verdict, or true when nothing answered). */
    readonly retryable: boolean,
    /** The problem document as the gateway sent it, when it sent one. */
    readonly problem?: Problem,
    /** Seconds the gateway asked to wait before trying again (`Retry-After`), when it said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get unreachable(): boolean {
    return this.status === 0;
  }

  /** The connection the failure happened at, when one did. */
  get connection(): string | undefined {
    return this.problem?.connection;
  }

  /** The fields a `400 invalid_request` names, with what is wrong with each. */
  get invalidFields(): NonNullable<Problem['invalidFields']> {
    return this.problem?.invalidFields ?? [];
  }

  static fromAnswer(response: Response, body: unknown): GatewayProblem {
    const retryAfterSeconds = retryAfter(response.headers.get('Retry-After'));
    if (isProblem(body)) return new GatewayProblem(response.status, body.code, body.detail, body.retryable, body, retryAfterSeconds);
    const message = `The server answered ${response.status} without a problem document: is this the gateway?`;
    return new GatewayProblem(response.status, `http_${response.status}`, message, response.status >= 500, undefined, retryAfterSeconds);
  }

  static unanswered(why: string): GatewayProblem {
    return new GatewayProblem(0, 'unreachable', why, true);
  }
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const { code, detail, retryable } = body as Partial<Record<keyof Problem, unknown>>;
  return typeof code === 'string' && typeof detail === 'string' && typeof retryable === 'boolean';
}

/** `Retry-After` as the gateway sends it: whole seconds (src/http/problem.ts). */
export function retryAfter(header: string | null): number | undefined {
  return header !== null && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
}
