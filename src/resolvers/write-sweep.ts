import { randomUUID } from "node:crypto";
import { tenantViewer } from "../auth/viewer.js";
import { ProviderError } from "../domain/provider-errors.js";
import type { Tenant } from "../store/types.js";
import { type AppDeps, type Context, contextFor } from "./context.js";
import { findCreatedDelivery } from "./delivery-mutations.js";
import { type FindWrite, holdOf, logFound, parseIdempotencyScope, type WriteOperation } from "./idempotency.js";
import { findCreatedOrder } from "./order-mutations.js";

/**
 * The background half of write reconciliation (docs/decisions/021-write-reconciliation.md):
 * every IDEMPOTENCY_SWEEP_MS each process takes over the unknown writes older than
 * IDEMPOTENCY_SETTLE_MS (one taker per record across replicas: the store's compare-and-set),
 * asks the provider by the write's natural id with the tenant's stored connection, and
 * completes the key with what it finds, or releases it (the next retry with the key creates).
 * A write stored without a natural id is left to the client's retry, which derives it.
 */

const FINDERS: Record<WriteOperation, FindWrite> = { createOrder: findCreatedOrder, createDelivery: findCreatedDelivery };
const BATCH = 100;

export interface SweepResult {
  completed: number;
  released: number;
  /** Not reconciled now: no natural id, no usable tenant, or a retry or another replica had it. */
  skipped: number;
  /** The provider could not be asked; the record stays unknown for the next sweep or retry. */
  failed: number;
}

/** One sweep: reconciles up to `limit` unknown writes, oldest first. Exported for tests, which drive it with an injected clock. */
export async function sweepUnknownWrites(app: AppDeps, { limit = BATCH }: { limit?: number } = {}): Promise<SweepResult> {
  const { store, config } = app;
  const result: SweepResult = { completed: 0, released: 0, skipped: 0, failed: 0 };
  const records = await store.listUnknownIdempotent({ settledBefore: app.now() - config.IDEMPOTENCY_SETTLE_MS, limit });
  const tenants = new Map<string, Promise<Tenant | null>>();
  for (const record of records) {
    const parsed = parseIdempotencyScope(record.scope);
    if (!parsed || !record.hint) {
      result.skipped++;
      continue;
    }
    const { tenantId, operation } = parsed;
    if (!tenants.has(tenantId)) tenants.set(tenantId, store.getTenant(tenantId));
    const tenant = await tenants.get(tenantId);
    if (!tenant || tenant.revokedAt !== null) {
      result.skipped++;
      continue;
    }
    const taken = await store.takeOverIdempotent(record.scope, record.key, { leaseMs: config.IDEMPOTENCY_LEASE_MS });
    if (!taken) {
      result.skipped++;
      continue;
    }
    const hold = holdOf(store, record.scope, record.key, taken.owner);
    const hint = taken.hint ?? record.hint;
    if (app.now() - taken.since < config.IDEMPOTENCY_SETTLE_MS) {
      // It became unknown again since it was listed (a retry wrote and failed): not settled yet.
      await hold.unknown(taken.since, hint);
      result.skipped++;
      continue;
    }
    const ctx = tenantContext(app, tenant);
    try {
      const found = await FINDERS[operation](ctx, hint);
      if (found) {
        await hold.complete(found.response);
        app.observe?.idempotency(operation, "reconciled");
        logFound(ctx, operation, hint, found);
        result.completed++;
      } else {
        await hold.abandon();
        app.observe?.idempotency(operation, "released");
        ctx.log.info({ operation, naturalId: hint, unknownForMs: app.now() - taken.since }, "unknown write not found at the provider: key released");
        result.released++;
      }
    } catch (e) {
      await hold.unknown(taken.since, hint);
      ctx.log.warn({ operation, naturalId: hint, code: e instanceof ProviderError ? e.code : undefined }, "unknown write could not be reconciled now");
      result.failed++;
    }
  }
  return result;
}

/** Starts the periodic sweep (none with IDEMPOTENCY_SWEEP_MS=0); `stop` ends it and waits for a sweep under way. */
export function startWriteSweep(app: AppDeps): { stop(): Promise<void> } {
  const every = app.config.IDEMPOTENCY_SWEEP_MS;
  if (every === 0) return { stop: async () => {} };
  let running: Promise<void> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return; // one sweep at a time per process
    running = sweepUnknownWrites(app)
      .then(
        (r) => {
          if (r.completed + r.released + r.failed > 0) app.logger.info(r, "idempotency sweep");
        },
        (e: unknown) => app.logger.warn({ error: e instanceof Error ? e.message : String(e) }, "idempotency sweep failed"),
      )
      .finally(() => {
        running = null;
      });
  }, every);
  timer.unref(); // never keeps the process alive
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** What a resolver would see for this tenant, outside any request: its stored connections through the token manager. */
function tenantContext(app: AppDeps, tenant: Tenant): Context {
  const requestId = `sweep-${randomUUID()}`;
  // The tenant's own lane in the providers' queues.
  return contextFor(app, tenantViewer(tenant, app.tokens), { requestId, tenantId: tenant.id }, app.logger.child({ requestId, tenantId: tenant.id }));
}
