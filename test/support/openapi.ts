import { execFile } from 'node:child_process';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';
import { PROBLEM_STATUSES } from '../../src/http/openapi-problems';
import type { Finding } from './openapi-lint.mjs';

interface DocumentedResponse {
  $ref?: string;
  content?: Record<string, { schema: object }>;
}

type Document = {
  paths: Record<string, Record<string, { responses: Record<string, DocumentedResponse> }>>;
  components: { schemas: Record<string, object>; responses?: Record<string, DocumentedResponse> };
};

/** Statuses every operation that can answer them must list by name, not leave to `default`. */
const LISTED_STATUSES = new Set<number>(PROBLEM_STATUSES);

/**
 * Checks responses against the gateway's own OpenAPI document: the path and method must be
 * documented, the status must be (or fall under `default`), and a JSON body must match its schema.
 */
export class OpenApiValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly templates: Array<{ template: string; pattern: RegExp }>;

  constructor(private readonly document: Document) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'openapi', components: document.components });
    this.templates = Object.keys(document.paths)
      .map((template) => ({ template, pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`) }))
      // Literal paths before templated ones, so `/v1/users` never matches `/v1/users/{id}`.
      .sort((a, b) => Number(a.template.includes('{')) - Number(b.template.includes('{')));
  }

  /** Throws (failing the test) when the response breaks the document. */
  check(method: string, url: string, response: Pick<Response, 'status' | 'type' | 'body'>): void {
    // The path as sent: URL parsing would resolve dot segments that the gateway itself must refuse.
    const path = url.replace(/^https?:\/\/[^/]+/, '').split(/[?#]/)[0]!;
    // The rendered docs' own static files are part of `/docs`, not of the API.
    if (path.startsWith('/docs/')) return;
    // Nor are the console's (its script, stylesheet and icon).
    if (path.startsWith('/console/')) return;
    const template = this.templates.find(({ pattern }) => pattern.test(path))?.template;
    const operation = template ? this.document.paths[template]![method.toLowerCase()] : undefined;
    if (!operation) {
      // An undocumented route may only answer "no such route".
      if (response.status === 404 && response.type === 'application/problem+json')
        return this.validate('#/components/schemas/Problem', response.body, `${method} ${path}`);
      throw new Error(`${method} ${template ?? path} answered ${response.status} but is not in the OpenAPI document`);
    }
    const listed = operation.responses[String(response.status)];
    if (!listed && LISTED_STATUSES.has(response.status)) {
      throw new Error(`${method} ${template} answered ${response.status}, which its responses do not list`);
    }
    const documented = this.resolved(listed ?? operation.responses.default);
    if (!documented) throw new Error(`${method} ${template} answered ${response.status}, which is not documented`);
    const where = `${method} ${template} ${response.status}`;
    const media = documented.content?.[response.type];
    if (documented.content && response.type && !media) throw new Error(`${where}: ${response.type} is not a documented media type`);
    if (!media || !/json/.test(response.type)) return;
    this.validate(media.schema, response.body, where);
  }

  /** A response object, or the component it refers to. */
  resolved<T extends DocumentedResponse | undefined>(response: T): T {
    const name = response?.$ref?.replace('#/components/responses/', '');
    return name === undefined ? response : (this.document.components.responses?.[name] as T);
  }

  /** Why the value does not match the schema (refs into the document resolved), or undefined when it does. */
  mismatch(schema: object, value: unknown): string | undefined {
    const validate = this.ajv.compile(rewriteRefs(schema));
    return validate(value) ? undefined : this.ajv.errorsText(validate.errors);
  }

  private validate(schema: object | string, body: unknown, where: string): void {
    const resolved = typeof schema === 'string' ? { $ref: `openapi${schema}` } : rewriteRefs(schema);
    const validate = this.ajv.compile(resolved);
    if (!validate(body)) {
      throw new Error(`${where}: response does not match the OpenAPI document: ${this.ajv.errorsText(validate.errors)}`);
    }
  }
}

/** Local `#/components/...` references point into the registered document. */
function rewriteRefs(schema: object): object {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, '"$ref":"openapi#/'));
}

/** What Redocly's `recommended` ruleset and Spectral's `spectral:oas` find in a document (see openapi-lint.mts). */
export function lintOpenApi(document: object): Promise<Finding[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [join(__dirname, 'openapi-lint.mts')], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as Finding[]);
    });
    child.stdin?.end(JSON.stringify(document));
  });
}
