import { GraphQLError, Kind } from "graphql";
import { builder } from "./builder.js";

/** ISO 8601 with an explicit offset, e.g. 2026-10-01T08:30:00+08:00 (providers' zones are kept). */
builder.scalarType("DateTime", {
  description: "An instant as ISO 8601 with an explicit UTC offset, e.g. `2026-10-01T08:30:00+08:00`.",
  serialize: (value) => {
    if (typeof value !== "string" || Number.isNaN(Date.parse(value))) throw new GraphQLError("DateTime must be an ISO 8601 string");
    return value;
  },
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseDateTime(value: unknown): string {
  if (typeof value !== "string" || !/[Zz]|[+-]\d{2}:?\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new GraphQLError("DateTime must be ISO 8601 with an offset, e.g. 2026-10-01T08:30:00Z");
  }
  return value;
}
