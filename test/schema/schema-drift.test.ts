import { readFileSync } from "node:fs";
import { printSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { createSchema } from "../../src/schema/index.js";

describe("checked-in schema", () => {
  it("schema.graphql matches the schema the code builds (run `npm run codegen` after a change)", () => {
    expect(readFileSync("schema.graphql", "utf8")).toBe(`${printSchema(createSchema())}\n`);
  });
});

describe("generated SDK and trusted documents", () => {
  it("every output of codegen.yml (SDK, both persisted-documents manifests, test operations) matches the checked-in file", async () => {
    const { generate, loadCodegenConfig } = await import("@graphql-codegen/cli");
    const { config } = await loadCodegenConfig({ configFilePath: "codegen.yml" });
    const outputs = await generate({ ...config, silent: true }, false);
    expect(outputs.map((o: { filename: string }) => o.filename).sort()).toEqual([
      "packages/sdk/persisted-documents.json",
      "packages/sdk/src/generated.ts",
      "src/http/persisted-documents.json",
      "test/support/generated.ts",
    ]);
    for (const output of outputs) expect(readFileSync(output.filename, "utf8"), output.filename).toBe(output.content);
  }, 30_000);
});
