import type { Hono } from "hono";
import type { Control } from "../shared/control.js";
import type { Shop, SupershipState } from "./state.js";
import type { WebhookDispatcher } from "./webhooks-dispatch.js";

/** What every route module receives: the world, the control surface and the webhook sender. */
export interface SimContext {
  state: SupershipState;
  control: Control;
  webhooks: WebhookDispatcher;
  /** Base for links on the label page; defaults to the request's own origin. */
  publicUrl?: string;
}

/** `simAccount` is read by the shared control middleware to attribute calls to a shop. */
export type SsEnv = { Variables: { shop: Shop; simAccount: string } };
export type SsApp = Hono<SsEnv>;

export const API = "/v1/partner";
