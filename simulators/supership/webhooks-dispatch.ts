import { webhookPayload } from "./order-views.js";
import type { Order, SupershipState, WebhookDelivery } from "./state.js";

/**
 * Outbound webhooks (§6): POST the current-form payload to the URL snapshotted on the order,
 * no auth headers. Only HTTP 200 counts as delivered (§6). INVENTED retry policy (the real one
 * is unknown): `attempts` tries `delayMs` apart, 5 s timeout each; per order, deliveries go out
 * in the order the changes happened. Nothing here ever throws into the request that caused it.
 */

export interface WebhookRetry {
  attempts: number;
  delayMs: number;
}

export interface WebhookDispatcher {
  notify(order: Order, type: WebhookDelivery["type"]): void;
  /** Resolves once every queued delivery has finished (delivered or out of attempts). */
  settle(): Promise<void>;
}

const ATTEMPT_TIMEOUT_MS = 5_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createWebhookDispatcher(opts: { state: SupershipState; fetch: typeof fetch; retry: WebhookRetry }): WebhookDispatcher {
  const { state, retry } = opts;
  const chains = new Map<string, Promise<void>>();
  const pending = new Set<Promise<void>>();

  async function attempt(record: WebhookDelivery): Promise<boolean> {
    try {
      const res = await opts.fetch(record.url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(record.payload),
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      record.lastHttpStatus = res.status;
      await res.body?.cancel().catch(() => undefined);
      return res.status === 200;
    } catch (e) {
      record.lastHttpStatus = null;
      record.error = e instanceof Error ? e.message : String(e);
      return false;
    }
  }

  async function deliver(record: WebhookDelivery): Promise<void> {
    const attempts = Math.max(1, retry.attempts);
    for (let i = 1; i <= attempts; i++) {
      record.attempts = i;
      if (await attempt(record)) {
        record.delivered = true;
        return;
      }
      if (i < attempts) await sleep(retry.delayMs);
    }
  }

  function notify(order: Order, type: WebhookDelivery["type"]): void {
    if (!order.webhookUrl) return;
    const record: WebhookDelivery = {
      id: ++state.seq.delivery,
      type,
      code: order.code,
      status: order.status,
      url: order.webhookUrl,
      payload: webhookPayload(order, type, state.now()),
      attempts: 0,
      delivered: false,
      lastHttpStatus: null,
      error: null,
    };
    state.deliveries.push(record);
    const previous = chains.get(order.code) ?? Promise.resolve();
    const run = previous.then(() => deliver(record)).catch(() => undefined);
    chains.set(order.code, run);
    pending.add(run);
    void run.then(() => {
      pending.delete(run);
      if (chains.get(order.code) === run) chains.delete(order.code);
    });
  }

  async function settle(): Promise<void> {
    while (pending.size > 0) await Promise.all([...pending]);
  }

  return { notify, settle };
}
