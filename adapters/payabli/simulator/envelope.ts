import type { Response } from 'express';

/** A rejection, as Payabli's error envelope carries it. */
export interface PayabliFailure {
  responseText: string;
  responseCode?: number;
  explanation?: string;
}

export function invalidParameter(explanation: string): PayabliFailure {
  return { responseCode: 3003, responseText: 'Invalid parameter value in request', explanation };
}

/** `{ isSuccess: false, responseCode?, responseText, responseData: { explanation, todoAction } }`. */
export function sendFailure(res: Response, status: number, failure: PayabliFailure): void {
  res.status(status).json({
    isSuccess: false,
    ...(failure.responseCode !== undefined && { responseCode: failure.responseCode }),
    responseText: failure.responseText,
    responseData: failure.explanation ? { explanation: failure.explanation, todoAction: null } : null,
  });
}
