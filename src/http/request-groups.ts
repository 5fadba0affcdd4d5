import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, randomUUID } from "node:crypto";
import { initContextCache } from "@pothos/core";
import type { Plugin } from "graphql-yoga";
import { type BatchWindow, coalesce } from "../loaders/schedule.js";
import type { Context } from "../resolvers/context.js";
import type { Admission } from "./admission.js";
import { acceptRequestId } from "./request-scope.js";

/**
 * The subgraph's requests that belong to one router request share one set of loaders
 * (docs/decisions/031-subgraph-batching.md). A router that does not batch HTTP sends each fetch
 * of a plan as its own POST (Apollo Gateway: 16 aliased entity fields, 16 concurrent `_entities`
 * requests); with a context each they would cost 16 getOrderInfos calls. A group is the requests
 * with the same router request id (`x-request-id`, else the trace id of `traceparent`, else the
 * one HTTP request: the operations of a batched POST), the same tenant and the same credential
 * headers — never two callers. Its members' contexts carry one Pothos context cache
 * (`initContextCache()`: Pothos keys every dataloader on it), so they load through the same
 * loaders. A batch waits while a request of its group that has arrived has not started executing
 * yet, and until none arrived or started for `windowMs` (for the ones still on the wire), at most
 * `maxWaitMs` from its first key. The group takes one turn of the tenant-fair admission for all its
 * operations (they are one client request), so none waits for a turn another member holds. A
 * group ends with its last request.
 *
 * A shared loader runs its batches with the clients of the member that made it: its request id,
 * deadline and tenant lane (the same tenant). Members arrive within milliseconds of each other,
 * so their deadlines differ by as much; each member still gets its errors at its own paths,
 * because each awaits its own loads.
 */

const CREDENTIAL_HEADERS = ["authorization", "x-hypersku-token", "x-supership-token"] as const;

interface Turn {
  readonly ready: Promise<() => void>;
  holders: number;
}

interface Group {
  readonly key: string;
  readonly cache: object;
  members: number;
  /** Requests (until their first operation's context) and operations (until they execute) on their way. */
  pending: number;
  lastActivityAt: number;
  /** Keyed by a router request id: more requests may still arrive. Otherwise the group is one HTTP request. */
  readonly openEnded: boolean;
  turn?: Turn | undefined;
}

/** One HTTP request to the subgraph: its operations join their group as their contexts are built. */
export interface Membership {
  /** For `coalesce()` (src/loaders/schedule.ts): how long the current group's batches still wait. */
  readonly window: BatchWindow;
  /** Gives `context` its group's loaders. */
  attach(context: Context): void;
  /** An operation of this request starts executing: its group's batches wait `windowMs` from now. */
  started(): void;
  /** A turn of the admission, shared by every operation of the group that runs at once. */
  admit(enter: () => Promise<() => void>): Promise<() => void>;
  /** The request has finished: its groups lose a member, and end with their last. */
  leave(): void;
}

export interface RequestGroups {
  /** A request has arrived (its secret checked): it joins its group by its headers alone. */
  open(request: Request): Membership;
  /** Runs the request with its membership, which the plugin and admission below find, and its loads coalesced per its group's window. */
  run<T>(membership: Membership, fn: () => T): T;
  /** The admission, with a group's operations sharing one turn. */
  admission(admission: Admission): Admission;
  /** Marks each operation's start (see `started`); the last plugin, after the admission's. */
  plugin(): Plugin;
  /** Groups alive now (tests: what a leak would look like). */
  readonly size: number;
}

export interface GroupOptions {
  windowMs: number;
  maxWaitMs: number;
  now?: () => number;
}

export function createRequestGroups({ windowMs, maxWaitMs, now = () => performance.now() }: GroupOptions): RequestGroups {
  const groups = new Map<string, Group>();
  const members = new AsyncLocalStorage<Membership>();

  function open(request: Request): Membership {
    const { key, openEnded } = groupKey(request);
    let group = groups.get(key);
    if (!group) {
      group = { key, openEnded, cache: initContextCache(), members: 0, pending: 0, lastActivityAt: now() };
      groups.set(key, group);
    }
    const own = group;
    own.members += 1;
    own.pending += 1;
    own.lastActivityAt = now();
    let arriving = true;
    let operations = 0;
    const arrived = () => {
      if (arriving) (arriving = false), (own.pending -= 1);
    };
    let left = false;
    return {
      window: {
        wait: (startedAt) => {
          if (left || windowMs <= 0) return 0;
          if (own.pending === 0 && !own.openEnded) return 0;
          const until = Math.min(own.pending > 0 ? Number.POSITIVE_INFINITY : own.lastActivityAt + windowMs, startedAt + maxWaitMs);
          return Math.max(0, Math.min(until - now(), windowMs));
        },
      },
      attach(context) {
        operations += 1;
        own.pending += 1;
        arrived();
        // The Pothos context-cache symbol: every createContextCache() (and so every dataloader) keys on it.
        Object.assign(context, own.cache);
      },
      started() {
        if (operations > 0) (operations -= 1), (own.pending -= 1);
        own.lastActivityAt = now();
      },
      admit: (enter) => shareTurn(own, enter),
      leave() {
        if (left) return;
        left = true;
        arrived();
        own.pending -= operations;
        operations = 0;
        own.members -= 1;
        if (own.members === 0 && groups.get(own.key) === own) groups.delete(own.key);
      },
    };
  }

  return {
    get size() {
      return groups.size;
    },
    open,
    run: (membership, fn) => members.run(membership, () => coalesce(membership.window, fn)),
    admission: (admission) => ({
      ...admission,
      enter: (tenantId, deadline) => {
        const membership = members.getStore();
        return membership ? membership.admit(() => admission.enter(tenantId, deadline)) : admission.enter(tenantId, deadline);
      },
    }),
    plugin: () => ({ onExecute: () => members.getStore()?.started() }),
  };
}

async function shareTurn(group: Group, enter: () => Promise<() => void>): Promise<() => void> {
  const turn = group.turn ?? (group.turn = { ready: enter(), holders: 0 });
  turn.holders += 1;
  const end = () => {
    turn.holders -= 1;
    if (turn.holders > 0) return;
    if (group.turn === turn) group.turn = undefined;
    return true;
  };
  let release: () => void;
  try {
    release = await turn.ready;
  } catch (e) {
    end();
    throw e;
  }
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (end()) release();
  };
}

/**
 * Router request id and a digest of every credential header (the same credentials are the same
 * tenant; different ones never share a key). Without a request id or trace id the key is unique:
 * the group is the one HTTP request.
 */
function groupKey(request: Request): { key: string; openEnded: boolean } {
  const given = request.headers.get("x-request-id");
  const trace = traceIdOf(request.headers.get("traceparent"));
  const id = given ? `r:${acceptRequestId(given)}` : trace ? `t:${trace}` : `h:${randomUUID()}`;
  const digest = createHash("sha256");
  for (const name of CREDENTIAL_HEADERS) digest.update(`${request.headers.get(name) ?? ""}\n`);
  return { key: `${id}\n${digest.digest("base64url")}`, openEnded: Boolean(given || trace) };
}

/** The trace id of a W3C `traceparent` (version 00 layout; not all zeros), or undefined. */
function traceIdOf(traceparent: string | null): string | undefined {
  const match = traceparent ? /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(traceparent.trim()) : null;
  return match?.[1] && !/^0+$/.test(match[1]) ? match[1] : undefined;
}
