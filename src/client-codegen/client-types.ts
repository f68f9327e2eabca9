import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';

/** The typed client's types for a document, exactly as `npm run generate:client` writes them. */
export async function clientTypes(document: Record<string, unknown>): Promise<string> {
  const nodes = await openapiTS(document as unknown as OpenAPI3);
  return `${COMMENT_HEADER.replace('Do not make direct changes to the file.', 'Do not edit: `npm run generate:client` writes it.')}${astToString(nodes)}`;
}
