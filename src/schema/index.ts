import { lexicographicSortSchema, type GraphQLSchema } from "graphql";
import { builder } from "./builder.js";
import "./scalars.js";
import "./errors.js";
import "./provider.js";
import "./viewer.js";
import "./country.js";

/** Imports every type file, then builds. The printed result is checked in as schema.graphql. */
export function createSchema(): GraphQLSchema {
  return lexicographicSortSchema(builder.toSchema());
}
