import SchemaBuilder from "@pothos/core";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import DirectivesPlugin from "@pothos/plugin-directives";
import ErrorsPlugin from "@pothos/plugin-errors";
import FederationPlugin from "@pothos/plugin-federation";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import ValidationPlugin from "@pothos/plugin-validation";
import {
  InputValidationError,
  NotAllowedInCurrentStateError,
  NotFoundError,
  ProviderNotConnectedError,
  ReauthorizationRequiredError,
  UnauthenticatedError,
} from "../domain/errors.js";
import { ProviderCredentialsRejectedError, ProviderRejectedError, ProviderUnavailableError } from "../domain/provider-errors.js";
import type { Context } from "../resolvers/context.js";
import SyncGlobalIdsPlugin from "./sync-global-ids.js";

/**
 * The one Pothos builder. It defines no types: each noun has its own file under src/schema.
 *
 * Plugin order matters, because each plugin wraps the resolvers of the ones listed after it:
 * 1. relay — first, so scope-auth and everything else see parsed global ids;
 * 2. scope-auth — before anything that runs work on a field, so an unauthorized caller
 *    triggers no provider call;
 * 3. errors — before validation (so input errors become typed results through
 *    `unsafelyHandleInputErrors`) and before dataloader (so a failed load of a loadable
 *    object becomes a typed error at its path, as the errors plugin documents);
 * 4. validation — zod schemas on arguments and input types;
 * 5. dataloader — loaders run inside everything above;
 * 6. syncGlobalIds — innermost of the plugins that wrap resolvers: it answers a node's `id`
 *    without relay's async wrapper (src/schema/sync-global-ids.ts), and everything above still
 *    wraps that field;
 * 7. directives — wraps no resolver: it turns the directives recorded in `extensions` into
 *    AST nodes after the build, so `printSubgraphSchema` can print them (`@key`, …);
 * 8. federation — last, as the plugin requires (after every plugin that wraps resolvers): it
 *    records `@key` and each entity's `resolveReference` (src/schema/federation.ts), which
 *    only `toSubGraphSchema` (src/schema/index.ts) exposes; the public schema prints unchanged.
 * test/schema/builder.test.ts pins this order.
 */

export type Scalars = {
  DateTime: { Input: string; Output: string };
};

export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: Scalars;
  AuthScopes: { tenant: boolean; authenticated: boolean };
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
}>({
  plugins: [RelayPlugin, ScopeAuthPlugin, ErrorsPlugin, ValidationPlugin, DataloaderPlugin, SyncGlobalIdsPlugin, DirectivesPlugin, FederationPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    // An id that names nothing (unknown, deleted, another merchant's) is null, as the Node
    // interface promises, not an error; any other failure of the load still raises at its path.
    nodeQueryOptions: { resolve: async (_root, { id }, _ctx, _info, resolveNode) => missingAsNull(await resolveNode(id)) },
    nodesQueryOptions: { resolve: async (_root, { ids }, _ctx, _info, resolveNodes) => (await resolveNodes(ids)).map(missingAsNull) },
  },
  scopeAuth: {
    // A denied field answers with a typed, unmasked error at its path.
    unauthorizedError: () => new UnauthenticatedError("this field needs an API key (Authorization: Bearer <key>)"),
    authScopes: (ctx) => ({
      tenant: ctx.viewer.tenant !== null,
      authenticated: ctx.viewer.via !== "anonymous",
    }),
  },
  errors: {
    unsafelyHandleInputErrors: true,
    // Every mutation's result union; the errors plugin matches the most specific class first.
    defaultTypes: [
      InputValidationError,
      NotFoundError,
      NotAllowedInCurrentStateError,
      ProviderNotConnectedError,
      ReauthorizationRequiredError,
      ProviderCredentialsRejectedError,
      ProviderRejectedError,
      ProviderUnavailableError,
    ],
  },
  validation: {
    validationError: (failure) => new InputValidationError(failure.issues),
  },
});

function missingAsNull(node: unknown): unknown {
  return node instanceof NotFoundError ? null : node;
}

builder.queryType({ description: "Read the merchant's fulfilment graph." });
builder.mutationType({ description: "Change provider connections, orders and deliveries." });
builder.subscriptionType({ description: "Live updates over Server-Sent Events (POST or GET /graphql with `Accept: text/event-stream`), for the caller's tenant only." });
