import { readFileSync } from "node:fs";
import { usePersistedOperations } from "@graphql-yoga/plugin-persisted-operations";
import type { GraphQLParams, Plugin } from "graphql-yoga";

/**
 * Trusted documents on /graphql (docs/decisions/033-trusted-documents.md). The manifest is what
 * `npm run codegen` emits for the SDK's operations (scripts/codegen/persisted-documents.cjs):
 * sha256 of a document's text → that text, the same file as @fulfillment-graph/sdk ships. A
 * request names one as `documentId` in its JSON body (the SDK's `createClient(url, { persisted:
 * true })`) or in the query string of a GET; the server executes the text it holds, through the
 * same limits as any document. Set by PERSISTED_DOCUMENTS: `allow` also takes free query text,
 * `require` refuses it. Mounted only on /graphql: routers send the subgraph generated plans.
 */

export type PersistedDocumentsMode = "off" | "allow" | "require";

const MANIFEST = new URL("./persisted-documents.json", import.meta.url);

/** The manifest: document id → document text. */
export function readPersistedDocuments(file: URL | string = MANIFEST): ReadonlyMap<string, string> {
  return new Map(Object.entries(JSON.parse(readFileSync(file, "utf8")) as Record<string, string>));
}

/** The body's `documentId` (Yoga keeps every JSON body field in the params), else the URL's. */
function documentIdOf(params: GraphQLParams, request: Request): string | null {
  const id = (params as GraphQLParams & { documentId?: unknown }).documentId;
  if (typeof id === "string") return id;
  return new URL(request.url).searchParams.get("documentId");
}

const refusal = (message: string, code: string) => ({ message, extensions: { code, http: { status: 400 } } });

export function usePersistedDocuments(mode: Exclude<PersistedDocumentsMode, "off">, documents: ReadonlyMap<string, string> = readPersistedDocuments()): Plugin {
  return usePersistedOperations({
    allowArbitraryOperations: mode === "allow",
    extractPersistedOperationId: documentIdOf,
    getPersistedOperation: (id) => documents.get(id) ?? null,
    customErrors: {
      persistedQueryOnly: refusal(
        "This server executes trusted documents only: send the operation's documentId (@fulfillment-graph/sdk: createClient(url, { persisted: true })), not its text.",
        "PERSISTED_DOCUMENT_REQUIRED",
      ),
      notFound: refusal("Unknown documentId: not a trusted document of this server (ids are the keys of the SDK's persisted-documents.json).", "PERSISTED_DOCUMENT_NOT_FOUND"),
      keyNotFound: refusal("Must provide a query string or a documentId.", "BAD_REQUEST"),
    },
  });
}
