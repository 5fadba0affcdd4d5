import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

/** What a printed, ready-to-paste entry carries until someone writes the reason; refused as a reason. */
export const REASON_PLACEHOLDER = "<why this break is acceptable, and what a client does about it>";

const sha = z.string().regex(/^[0-9a-f]{40}$/, "a full 40-character sha (a fresh clone may lack tags)");

const acknowledgement = z.object({
  /** Restricts the entry to one file (schema.graphql or subgraph.graphql); absent, it covers both. */
  schema: z.string().min(1).optional(),
  /** graphql-inspector's path of the change, e.g. `Query.orders` or `Query.orders.first`. */
  path: z.string().min(1),
  /** graphql-inspector's change type, e.g. `FIELD_TYPE_CHANGED`. */
  type: z.string().regex(/^[A-Z_]+$/, "a graphql-inspector change type, e.g. FIELD_TYPE_CHANGED"),
  reason: z
    .string()
    .trim()
    .min(1, "say why the break is acceptable")
    .refine((r) => !r.startsWith(REASON_PLACEHOLDER.slice(0, 15)), "replace the placeholder with the real reason"),
  /** The commit that made the change, for whoever reads the file later (not checked). */
  commit: z.string().optional(),
});

const config = z.object({
  /** The last release: its schemas are the contract clients rely on. */
  release: z.object({
    tag: z.string().min(1),
    commit: sha,
  }),
  files: z
    .array(
      z.object({
        path: z.string().min(1),
        /** For a file younger than the release: the commit it is compared with instead, until the next release is cut. */
        base: sha.optional(),
      }),
    )
    .min(1),
  acknowledged: z
    .array(acknowledgement)
    .nullish()
    .transform((a) => a ?? []),
});

export type Acknowledgement = z.infer<typeof acknowledgement>;
export type SchemaChecks = z.infer<typeof config>;

/** Raised when the check cannot run at all (its file unreadable or invalid, the release base missing): exit 2, not 1. */
export class SchemaCheckSetupError extends Error {}

export function parseSchemaChecks(text: string, source = "schema-checks.yaml"): SchemaChecks {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new SchemaCheckSetupError(`${source} is not YAML: ${(error as Error).message}`);
  }
  const result = config.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new SchemaCheckSetupError(`${source} is not valid:\n${issues}`);
  }
  return result.data;
}

export function loadSchemaChecks(file = "schema-checks.yaml"): SchemaChecks {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new SchemaCheckSetupError(`${file} cannot be read`);
  }
  return parseSchemaChecks(text, file);
}
