import { z } from "zod";
import {
  type ConnectionView,
  connectHyperskuWithPassword,
  connectionView,
  connectSupershipWithPartnerLogin,
  connectSupershipWithToken,
  disconnectProvider,
  hyperskuConnectUrl,
} from "../resolvers/provider-connection.js";
import type { Tenant } from "../store/types.js";
import { builder } from "./builder.js";
import { ProviderEnum, ReauthorizationReasonEnum } from "./provider.js";

/** The caller: their tenant and the state of each provider connection; connect/disconnect mutations. */

const TenantRef = builder.objectRef<Tenant>("Tenant").implement({
  description: "A merchant account of this API; its API keys and provider connections belong to it.",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    createdAt: t.field({ type: "DateTime", resolve: (x) => new Date(x.createdAt).toISOString() }),
  }),
});

const ConnectionStateEnum = builder.enumType("ConnectionState", {
  description: "Where the calling tenant's connection to one provider stands.",
  values: {
    CONNECTED: { description: "Stored credentials that work (refreshed automatically)." },
    NOT_CONNECTED: { description: "No credentials for this provider." },
    REAUTHORIZATION_REQUIRED: { description: "The stored credentials expired for good; connect again." },
    PASSTHROUGH: { description: "No stored connection; the request carries provider tokens in headers." },
  } as const,
});

const ConnectionMethodEnum = builder.enumType("ConnectionMethod", {
  description: "How a stored connection was made: HyperSKU's OAuth consent or password grant, SuperShip's personal token or partner login.",
  values: {
    OAUTH: { value: "oauth" },
    PASSWORD: { value: "password" },
    PERSONAL_TOKEN: { value: "personal_token" },
    PARTNER_LOGIN: { value: "partner_login" },
  } as const,
});

export const ConnectionRef = builder.objectRef<ConnectionView>("ProviderConnection").implement({
  description: "The calling tenant's connection to one provider. Tokens are never exposed.",
  fields: (t) => ({
    provider: t.expose("provider", { type: ProviderEnum }),
    state: t.expose("state", { type: ConnectionStateEnum }),
    method: t.expose("method", { type: ConnectionMethodEnum, nullable: true }),
    scope: t.exposeString("scope", { nullable: true }),
    accountId: t.exposeString("accountId", { nullable: true, description: "The provider's id of the merchant account." }),
    expiresAt: t.expose("expiresAt", { type: "DateTime", nullable: true, description: "When the access token expires; it is refreshed before then." }),
    reauthorizationReason: t.field({
      type: ReauthorizationReasonEnum,
      nullable: true,
      resolve: (c) => c.reauthorizationReason,
      description: "Why `state` is REAUTHORIZATION_REQUIRED; null in every other state (and for connections marked before reasons were kept).",
    }),
  }),
});

const ViewerRef = builder.objectRef<Record<string, never>>("Viewer").implement({
  description: "Who is calling, and how their providers are connected.",
  fields: (t) => ({
    tenant: t.field({ type: TenantRef, nullable: true, resolve: (_, __, ctx) => ctx.viewer.tenant }),
    hypersku: t.field({ type: ConnectionRef, resolve: (_, __, ctx) => connectionView(ctx, "hypersku") }),
    supership: t.field({ type: ConnectionRef, resolve: (_, __, ctx) => connectionView(ctx, "supership") }),
    hyperskuConnectUrl: t.string({
      nullable: true,
      description: "Open in a browser to connect HyperSKU through its OAuth consent page. Valid for 10 minutes.",
      resolve: (_, __, ctx) => hyperskuConnectUrl(ctx),
    }),
  }),
});

builder.queryField("viewer", (t) =>
  t.field({ type: ViewerRef, description: "The caller: its tenant (null with pass-through provider tokens) and both provider connections.", resolve: () => ({}) }),
);

const connectionMutation = { authScopes: { tenant: true as const }, errors: {} };

builder.mutationFields((t) => ({
  connectHyperskuWithPassword: t.field({
    ...connectionMutation,
    description: "Connect HyperSKU with a merchant username and password (the OAuth flow is `viewer.hyperskuConnectUrl`).",
    type: ConnectionRef,
    args: {
      username: t.arg.string({ validate: z.string().min(1) }),
      password: t.arg.string({ validate: z.string().min(1) }),
    },
    resolve: (_, args, ctx) => connectHyperskuWithPassword(ctx, args),
  }),
  connectSupershipWithToken: t.field({
    ...connectionMutation,
    description: "Connect SuperShip with a personal access token from the SuperShip dashboard.",
    type: ConnectionRef,
    args: { token: t.arg.string({ validate: z.string().min(10) }) },
    resolve: (_, { token }, ctx) => connectSupershipWithToken(ctx, token),
  }),
  connectSupershipWithPartnerLogin: t.field({
    ...connectionMutation,
    description: "Connect SuperShip through the partner password grant (needs SUPERSHIP_CLIENT_ID/SECRET/PARTNER_CODE).",
    type: ConnectionRef,
    args: {
      email: t.arg.string({ validate: z.email() }),
      password: t.arg.string({ validate: z.string().min(1) }),
    },
    resolve: (_, args, ctx) => connectSupershipWithPartnerLogin(ctx, args),
  }),
  disconnectProvider: t.field({
    ...connectionMutation,
    description: "Forget the stored credentials of a provider.",
    type: ConnectionRef,
    args: { provider: t.arg({ type: ProviderEnum, required: true }) },
    resolve: (_, { provider }, ctx) => disconnectProvider(ctx, provider),
  }),
}));
