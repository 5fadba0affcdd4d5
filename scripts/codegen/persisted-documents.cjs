// GraphQL Code Generator plugin (codegen.yml): the trusted documents of the SDK's operations
// (docs/decisions/033-trusted-documents.md). Each operation with the fragments it spreads,
// transitively, is printed by graphql-js's `print` (readable: GraphiQL shows the Dashboard from
// it) and keyed by the sha256 of that exact text, the format of the client preset's
// persisted-documents.json. Config `output`:
//   manifest: JSON { "<sha256 hex>": "<document>" }, what the server executes for a documentId;
//   ids:      TypeScript `documentIds` { OperationName: "<sha256 hex>" }, what the SDK sends.
const { createHash } = require("node:crypto");
const { Kind, print, visit } = require("graphql");

/** @param {import("graphql").DocumentNode[]} documents */
function persistedDocuments(documents) {
  const definitions = documents.flatMap((d) => d.definitions);
  const fragments = new Map(definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const spreads = (node, seen) => {
    visit(node, {
      FragmentSpread({ name }) {
        const fragment = fragments.get(name.value);
        if (!fragment || seen.has(name.value)) return;
        seen.add(name.value);
        spreads(fragment, seen);
      },
    });
    return seen;
  };
  return definitions
    .filter((d) => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => {
      const used = [...spreads(operation, new Set())].sort().map((name) => fragments.get(name));
      const document = [operation, ...used].map((d) => print(d)).join("\n\n");
      return { name: operation.name.value, document, hash: createHash("sha256").update(document).digest("hex") };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

module.exports = {
  plugin(_schema, documentFiles, config) {
    const operations = persistedDocuments(documentFiles.map((f) => f.document).filter(Boolean));
    if (config.output === "ids") {
      const lines = operations.map((o) => `  ${o.name}: "${o.hash}",`);
      return [
        "/** The sha256 of each operation's trusted document (persisted-documents.json), by name: the `documentId` a persisted client sends. */",
        `export const documentIds = {\n${lines.join("\n")}\n} as const;`,
        "",
      ].join("\n");
    }
    if (config.output === "manifest") return `${JSON.stringify(Object.fromEntries(operations.map((o) => [o.hash, o.document])), null, 2)}\n`;
    throw new Error('persisted-documents plugin: set config.output to "manifest" or "ids"');
  },
};
