import { IncomingMessage, ServerResponse, type ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

/**
 * Classes for Node's server that make each request and answer with express's prototypes from the
 * start. express gives them its prototypes when it takes them (`Object.setPrototypeOf`, in
 * `app.handle` and in the pre-router), and V8 pays for that with a map transition per object: 9% of
 * a cached read's instructions (callgrind, bench/README.md). Set to the prototype it already has, it
 * is a no-op. `Reflect.construct` builds them as Node's own constructors do, so that V8 sizes them as
 * it sizes Node's objects: a constructor of our own calling Node's would start from its own, empty
 * estimate, and the many properties Node adds would push each object into dictionary mode.
 */
export function expressObjects(app: Express): Pick<ServerOptions, 'IncomingMessage' | 'ServerResponse'> {
  function ExpressRequest(socket: Socket): IncomingMessage {
    return Reflect.construct(IncomingMessage, [socket], ExpressRequest) as IncomingMessage;
  }
  ExpressRequest.prototype = app.request;
  function ExpressResponse(req: IncomingMessage, options?: object): ServerResponse {
    return Reflect.construct(ServerResponse, [req, options], ExpressResponse) as ServerResponse;
  }
  ExpressResponse.prototype = app.response;
  return {
    IncomingMessage: ExpressRequest as unknown as typeof IncomingMessage,
    ServerResponse: ExpressResponse as unknown as typeof ServerResponse,
  };
}
