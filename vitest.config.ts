import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node resolves `graphql` to its CommonJS build (graphql@16 has no "exports"), and the Pothos
    // plugins require() it; Vite would pick the ESM build for our own imports, loading graphql
    // twice ("Cannot use GraphQLScalarType from another module or realm"). Use one, like Node.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    // Tests start real loopback servers; two cores on CI, so keep the pool small.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
