import {
  ActiveDeliveryExistsError,
  IdempotencyConflictError,
  InputValidationError,
  NotAllowedInCurrentStateError,
  NotFoundError,
  ProviderNotConnectedError,
  ReauthorizationRequiredError,
} from "../domain/errors.js";
import { ProviderCredentialsRejectedError, ProviderRejectedError, ProviderUnavailableError } from "../domain/provider-errors.js";
import { builder } from "./builder.js";
import { ProviderEnum, ReauthorizationReasonEnum } from "./provider.js";

/**
 * The typed errors as GraphQL types: each class has its type's name (src/domain/errors.ts).
 * Mutations return them in their result unions (the builder's `errors.defaultTypes`, plus
 * IdempotencyConflictError where a key is taken); on query fields they travel as errors with
 * `extensions.code`. Anything else is masked by Yoga ("Unexpected error.").
 */

export const ErrorInterface = builder.interfaceRef<Error>("Error").implement({
  description: "Fields every typed error has.",
  fields: (t) => ({
    message: t.exposeString("message", { description: "A sentence for humans; do not parse it." }),
  }),
});

const InputIssue = builder.objectRef<{ path: string; message: string }>("InputIssue").implement({
  description: "One field of an argument that broke a validation rule.",
  fields: (t) => ({
    path: t.exposeString("path", { description: "Dot path of the field, e.g. `input.address.phone`." }),
    message: t.exposeString("message"),
  }),
});

builder.objectType(InputValidationError, {
  name: "InputValidationError",
  description: "An argument broke a validation rule; `issues` name each field path.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ issues: t.field({ type: [InputIssue], resolve: (e) => [...e.issues] }) }),
});

builder.objectType(ProviderNotConnectedError, {
  name: "ProviderNotConnectedError",
  description: "The tenant has not connected this provider (or sent no pass-through token for it).",
  interfaces: [ErrorInterface],
  fields: (t) => ({ provider: t.expose("provider", { type: ProviderEnum }) }),
});

builder.objectType(ReauthorizationRequiredError, {
  name: "ReauthorizationRequiredError",
  description: "The provider connection expired for good; connect the provider again.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    provider: t.expose("provider", { type: ProviderEnum }),
    reason: t.expose("reason", { type: ReauthorizationReasonEnum, nullable: true, description: "Why; null for a connection marked before reasons were kept." }),
  }),
});

builder.objectType(ProviderRejectedError, {
  name: "ProviderRejectedError",
  description: "The provider refused the request (its own code and message are included).",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    provider: t.expose("provider", { type: ProviderEnum }),
    providerCode: t.exposeString("providerCode"),
    providerMessage: t.exposeString("providerMessage"),
  }),
});

builder.objectType(ProviderCredentialsRejectedError, {
  name: "ProviderCredentialsRejectedError",
  description: "The provider rejected the credentials (a wrong token, or a pass-through token that expired).",
  interfaces: [ErrorInterface],
  fields: (t) => ({ provider: t.expose("provider", { type: ProviderEnum }) }),
});

builder.objectType(ProviderUnavailableError, {
  name: "ProviderUnavailableError",
  description: "The provider could not be reached or answered with a failure; retrying later may succeed.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    provider: t.expose("provider", { type: ProviderEnum }),
    retryable: t.exposeBoolean("retryable"),
    code: t.exposeString("code", {
      description:
        "What failed: PROVIDER_TIMEOUT, PROVIDER_HTTP_ERROR, PROVIDER_NETWORK_ERROR, PROVIDER_SCHEMA_ERROR, PROVIDER_UNAVAILABLE (circuit open, queue full); on createOrder / createDelivery ORDER_OUTCOME_UNKNOWN / DELIVERY_OUTCOME_UNKNOWN (it may have been written: retry with the same idempotency key).",
    }),
  }),
});

builder.objectType(NotFoundError, {
  name: "NotFoundError",
  description: "The entity does not exist, or belongs to another merchant account.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ entity: t.exposeString("entity"), id: t.exposeString("id") }),
});

builder.objectType(NotAllowedInCurrentStateError, {
  name: "NotAllowedInCurrentStateError",
  description: "The change is not allowed in the entity's current state (e.g. cancelling a shipped order).",
  interfaces: [ErrorInterface],
  fields: (t) => ({ currentStatus: t.exposeString("currentStatus", { nullable: true }) }),
});

builder.objectType(ActiveDeliveryExistsError, {
  name: "ActiveDeliveryExistsError",
  description: "The order already has a delivery SuperShip has not finished; cancel it, or book another with `allowAdditional: true`.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    senderOrderCode: t.exposeString("senderOrderCode", { description: "The soc both deliveries would carry." }),
    existingCode: t.exposeString("existingCode", { description: "The active delivery's code." }),
  }),
});

builder.objectType(IdempotencyConflictError, {
  name: "IdempotencyConflictError",
  description:
    "The idempotency key was used for a different input (send a new key for a new write), or its first use is still running or has an outcome the provider has not confirmed yet: retry with the same key after `retryAfterMs`. The message says which.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    retryAfterMs: t.int({
      nullable: true,
      description: "Milliseconds after which a retry with the same key and input may succeed; null when retrying with this key cannot help.",
      resolve: (e) => e.retryAfterMs,
    }),
  }),
});
