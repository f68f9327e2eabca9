import { brotliDecompressSync, gunzipSync, inflateSync, type ZlibOptions } from 'node:zlib';
import type { Dispatcher } from 'undici';
import type { HttpMethod } from './request';

/** `deadline`: the request's deadline cut the attempt off; `aborted`: its client went away. */
export type TransportFailureKind = 'connect' | 'reset' | 'timeout' | 'deadline' | 'aborted' | 'bad-response';

/** A call that got no usable HTTP answer; becomes a GatewayError once retrying is over. */
export class TransportFailure extends Error {
  constructor(
    readonly kind: TransportFailureKind,
    override readonly cause: unknown,
  ) {
    super(`upstream transport failure: ${kind}`);
  }
}

export interface Exchange {
  origin: string;
  method: HttpMethod;
  /** Path and query exactly as sent. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** The caller's: aborted when the request's deadline passes or its client leaves. */
  signal: AbortSignal;
  /** The longest the whole exchange may take, from queueing for a socket to the body's last byte. */
  timeoutMs: number;
  /** The most body bytes accepted (decoded); more is a `bad-response`. */
  maxBytes: number;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const DECODERS: Record<string, (bytes: Buffer, options: ZlibOptions) => Buffer> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

/**
 * One HTTP exchange over a keep-alive pool: undici's dispatcher with a handler that gathers the
 * answer (its request API would wrap each body in a stream; axios cost three times as much CPU per
 * call, bench/README.md). No redirects are followed and any status is an answer; a body larger than
 * `maxBytes` is cut off as soon as it is known to be. Failures are `TransportFailure`s.
 */
export async function exchange(dispatcher: Dispatcher, call: Exchange): Promise<Answer> {
  if (call.signal.aborted) throw new TransportFailure('aborted', call.signal.reason);
  const gathering = new AnswerGatherer(call.maxBytes);
  // One timer and one listener for both ends of the exchange: undici's own header and body timers
  // tick in whole seconds, and an attempt of 300 ms must end at 300 ms.
  const timer = setTimeout(() => gathering.cut(ATTEMPT_TIMED_OUT), call.timeoutMs);
  const callerLeft = () => gathering.cut(call.signal.reason instanceof Error ? call.signal.reason : new Error('aborted'));
  call.signal.addEventListener('abort', callerLeft, { once: true });
  try {
    dispatcher.dispatch(
      { origin: call.origin, method: call.method, path: call.path, headers: call.headers, body: call.body ?? null, headersTimeout: 0, bodyTimeout: 0 },
      gathering,
    );
    const { status, headers, bytes } = await gathering.answer;
    return { status, headers, body: decode(bytes, headers['content-encoding'], call.maxBytes) };
  } catch (error) {
    if (error instanceof TransportFailure) throw error;
    throw new TransportFailure(error === ATTEMPT_TIMED_OUT ? 'timeout' : failureKind(error), error);
  } finally {
    clearTimeout(timer);
    call.signal.removeEventListener('abort', callerLeft);
  }
}

const ATTEMPT_TIMED_OUT = new Error('the attempt timed out');

interface Gathered {
  status: number;
  headers: Answer['headers'];
  bytes: Buffer;
}

/** Gathers one answer's status, headers and body, within the size limit. */
class AnswerGatherer implements Dispatcher.DispatchHandler {
  readonly answer: Promise<Gathered>;
  private settle: { resolve: (answer: Gathered) => void; reject: (error: unknown) => void } | undefined;
  private controller: Dispatcher.DispatchController | undefined;
  /** Why the exchange was cut before undici started it: it is aborted as soon as it starts, before a byte is sent. */
  private cutFor: Error | undefined;
  private status = 0;
  private headers: Answer['headers'] = {};
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly maxBytes: number) {
    this.answer = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  /** Stops the exchange: the caller hears `reason` at once, whatever undici is doing. */
  cut(reason: Error): void {
    this.settle?.reject(reason);
    if (this.controller) this.controller.abort(reason);
    else this.cutFor = reason;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.cutFor) controller.abort(this.cutFor);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: Answer['headers']): void {
    if (statusCode < 200) return;
    this.status = statusCode;
    this.headers = headers;
    const declared = Number(headers['content-length']);
    if (declared > this.maxBytes) this.tooLong(controller, `the answer declares ${declared} bytes, more than ${this.maxBytes}`);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) this.tooLong(controller, `the answer is longer than ${this.maxBytes} bytes`);
    else this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    const [only] = this.chunks;
    this.settle?.resolve({
      status: this.status,
      headers: this.headers,
      bytes: this.chunks.length === 1 && only ? only : Buffer.concat(this.chunks, this.size),
    });
  }

  onResponseError(_controller: Dispatcher.DispatchController | null, error: Error): void {
    this.settle?.reject(error);
  }

  private tooLong(controller: Dispatcher.DispatchController, why: string): void {
    const failure = new TransportFailure('bad-response', new Error(why));
    this.settle?.reject(failure);
    controller.abort(failure);
  }
}

/** The gateway asks for no encoding; a provider that compresses anyway is still read, within the same limit. */
function decode(bytes: Buffer, encoding: string | string[] | undefined, maxBytes: number): Buffer {
  if (encoding === undefined || encoding === 'identity' || bytes.length === 0) return bytes;
  const decoder = typeof encoding === 'string' ? DECODERS[encoding.trim().toLowerCase()] : undefined;
  if (!decoder) throw new TransportFailure('bad-response', new Error('the answer has a content encoding the gateway cannot read'));
  try {
    return decoder(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    throw new TransportFailure('bad-response', error);
  }
}

function failureKind(error: unknown): TransportFailureKind {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'connect';
    case 'UND_ERR_HEADERS_OVERFLOW':
      return 'bad-response';
    default:
      return 'reset';
  }
}
