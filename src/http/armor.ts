import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { GraphQLError, type ValidationContext } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Config } from "../config.js";

/**
 * graphql-armor's limits on every operation, from config: tokens while parsing, then depth,
 * aliases, directives and estimated cost as validation rules, so an abusive document is
 * refused before any resolver (or provider call) runs. The message names the limit and the
 * value found (`exposeLimits`), so a client that hits one can tell which.
 *
 * The cost estimate multiplies a connection's subtree by `first`/`last` only when written
 * inline; a variable counts as 1, since validation runs before variables are known. The same
 * estimate with the values (variables, defaults, list lengths) is checked again before
 * execution, against the same GRAPHQL_MAX_COST (src/http/input-limits.ts). See
 * docs/decisions/006-hardening.md for the measured budget.
 */

type ArmorLimits = Pick<Config, "GRAPHQL_MAX_DEPTH" | "GRAPHQL_MAX_ALIASES" | "GRAPHQL_MAX_COST" | "GRAPHQL_MAX_TOKENS" | "GRAPHQL_MAX_DIRECTIVES">;

export interface ArmorOptions extends ArmorLimits {
  /** Mask "Did you mean …?" in validation errors: they spell out field names, which is what disabled introspection hides. */
  blockFieldSuggestions: boolean;
}

/**
 * By default the validation rules throw, which aborts validation with a bare error that Yoga
 * answers with HTTP 200 and no code. Reported instead, a rejection is an ordinary validation
 * error: `GRAPHQL_VALIDATION_FAILED`, HTTP 400 for GraphQL-over-HTTP clients, listed with
 * any other problem of the document. Armor prefixes "Syntax Error: ", which it is not.
 */
const reportAsValidationError = {
  propagateOnRejection: false,
  onReject: [(ctx: ValidationContext | null, error: GraphQLError) => ctx?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, "")))],
};

export function useArmor(options: ArmorOptions): Plugin {
  return EnvelopArmorPlugin({
    // Counted by the parser, before any validation context exists: it throws (a syntax error).
    maxTokens: { n: options.GRAPHQL_MAX_TOKENS },
    maxDepth: { n: options.GRAPHQL_MAX_DEPTH, ...reportAsValidationError },
    maxAliases: { n: options.GRAPHQL_MAX_ALIASES, ...reportAsValidationError },
    maxDirectives: { n: options.GRAPHQL_MAX_DIRECTIVES, ...reportAsValidationError },
    costLimit: { maxCost: options.GRAPHQL_MAX_COST, ...reportAsValidationError },
    blockFieldSuggestion: { enabled: options.blockFieldSuggestions },
  });
}
