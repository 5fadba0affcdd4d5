import { describe, expect, it } from "vitest";
import { builder } from "../../src/schema/builder.js";

describe("schema builder", () => {
  it("keeps the plugin order its comment explains", () => {
    // relay → scope-auth → errors → validation → dataloader → syncGlobalIds → directives → federation; see src/schema/builder.ts.
    expect(builder.options.plugins).toEqual(["relay", "scopeAuth", "errors", "validation", "dataloader", "syncGlobalIds", "directives", "federation"]);
  });
});
