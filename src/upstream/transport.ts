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
 * One HTTP exchange over a keep-alive pool (undici's request API: a third of axios's CPU per call,
 * measured in bench/README.md). No redirects are followed and any status is an answer; a body larger
 * than `maxBytes` is cut off as soon as it is known to be. Failures are `TransportFailure`s.
 */
export async function exchange(dispatcher: Dispatcher, call: Exchange): Promise<Answer> {
  if (call.signal.aborted) throw new TransportFailure('aborted', call.signal.reason);
  // One signal for both ends of the exchange: the caller's, and this attempt's own timeout (undici's
  // timers for headers and body tick in whole seconds; an attempt of 300 ms must end at 300 ms).
  const attempt = new AbortController();
  const timer = setTimeout(() => attempt.abort(ATTEMPT_TIMED_OUT), call.timeoutMs);
  const callerLeft = () => attempt.abort(call.signal.reason);
  call.signal.addEventListener('abort', callerLeft, { once: true });
  try {
    const { statusCode, headers, body } = await dispatcher.request({
      origin: call.origin,
      method: call.method,
      path: call.path,
      headers: call.headers,
      body: call.body ?? null,
      signal: attempt.signal,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    const declared = Number(headers['content-length']);
    if (declared > call.maxBytes) {
      body.destroy();
      throw new TransportFailure('bad-response', new Error(`the answer declares ${declared} bytes, more than ${call.maxBytes}`));
    }
    const bytes = await readAtMost(body, call.maxBytes);
    return { status: statusCode, headers, body: decode(bytes, headers['content-encoding'], call.maxBytes) };
  } catch (error) {
    if (error instanceof TransportFailure) throw error;
    throw new TransportFailure(attempt.signal.reason === ATTEMPT_TIMED_OUT ? 'timeout' : failureKind(error), error);
  } finally {
    clearTimeout(timer);
    call.signal.removeEventListener('abort', callerLeft);
  }
}

const ATTEMPT_TIMED_OUT = new Error('the attempt timed out');

function readAtMost(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        body.destroy();
        reject(new TransportFailure('bad-response', new Error(`the answer is longer than ${maxBytes} bytes`)));
        return;
      }
      chunks.push(chunk);
    });
    body.on('end', () => {
      const [only] = chunks;
      resolve(chunks.length === 1 && only ? only : Buffer.concat(chunks, size));
    });
    body.on('error', reject);
  });
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
