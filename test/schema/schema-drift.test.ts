import { readFileSync } from "node:fs";
import { printSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { createSchema } from "../../src/schema/index.js";

describe("checked-in schema", () => {
  it("schema.graphql matches the schema the code builds (run `npm run codegen` after a change)", () => {
    expect(readFileSync("schema.graphql", "utf8")).toBe(`${printSchema(createSchema())}\n`);
  });
});

describe("generated SDK", () => {
  it("src/sdk/generated.ts matches codegen.yml's output for the checked-in schema and operations", async () => {
    const { generate, loadCodegenConfig } = await import("@graphql-codegen/cli");
    const { config } = await loadCodegenConfig({ configFilePath: "codegen.yml" });
    const [output] = await generate({ ...config, silent: true }, false);
    expect(output?.filename).toMatch(/src\/sdk\/generated\.ts$/);
    expect(readFileSync("src/sdk/generated.ts", "utf8")).toBe(output?.content);
  }, 30_000);
});
