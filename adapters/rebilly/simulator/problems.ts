import type { Response } from 'express';
import type { RebillyInvalidField } from '../types';

export type SendProblem = (res: Response, status: number, title: string, detail: string, invalidFields?: RebillyInvalidField[]) => void;

/**
 * Rebilly's error bodies: RFC 9457 problem details (sent as plain `application/json`, as Rebilly
 * may), or the older form with an `error` string and `invalidFields` as a field → message map.
 */
export function problemSender(legacy: boolean): SendProblem {
  return (res, status, title, detail, invalidFields) => {
    const body = legacy
      ? { error: detail, ...(invalidFields && { invalidFields: Object.fromEntries(invalidFields.map(({ field, message }) => [field, message])) }) }
      : { type: 'about:blank', title, status, detail, ...(invalidFields && { invalidFields }) };
    res.status(status).json(body);
  };
}
