import { GraphQLClient, type RequestMiddleware } from "graphql-request";
import { documentIds, getSdk, type Sdk } from "./generated.js";

export { ClientError, GraphQLClient } from "graphql-request";
export * from "./generated.js";

type GraphQLClientOptions = NonNullable<ConstructorParameters<typeof GraphQLClient>[1]>;

export interface ClientOptions extends GraphQLClientOptions {
  /**
   * Send each operation as `{ documentId, operationName, variables }`: the sha256 of its trusted
   * document (`documentIds`, the keys of persisted-documents.json) instead of its text. A server
   * with PERSISTED_DOCUMENTS=allow or require executes the document it holds under that id.
   */
  persisted?: boolean;
}

const ids: Readonly<Record<string, string>> = documentIds;

/**
 * Rewrites a JSON POST body `{ query, … }` into `{ documentId, … }` (the GraphQL over HTTP
 * persisted-documents form, which the server reads from the body). An operation without an id
 * (none, with this package's own operations) goes out as its text.
 */
export const sendDocumentIds: RequestMiddleware = (request) => {
  const id = request.operationName ? ids[request.operationName] : undefined;
  if (!id || typeof request.body !== "string") return request;
  const { query: _text, ...rest } = JSON.parse(request.body) as Record<string, unknown>;
  return { ...request, body: JSON.stringify({ ...rest, documentId: id }) };
};

/** The typed SDK bound to one endpoint, e.g. `createClient("https://api.example.com/graphql", { headers: { authorization: `Bearer ${key}` } })`. */
export function createClient(url: string, { persisted = false, requestMiddleware, ...options }: ClientOptions = {}): Sdk {
  const middleware: RequestMiddleware | undefined = persisted
    ? async (request) => sendDocumentIds(requestMiddleware ? await requestMiddleware(request) : request)
    : requestMiddleware;
  return getSdk(new GraphQLClient(url, { ...options, ...(middleware ? { requestMiddleware: middleware } : {}) }));
}
