import { ProviderHttpError } from "../../src/domain/provider-errors.js";
import type { SendFn, Transport } from "../../src/providers/http.js";

/**
 * What the probe keeps of each call, without changing src: a wrapper around the transport's
 * `send` (the client's token header is already on the request) keeps the status and the raw
 * JSON body, and hands the client a view of that body that notes every key the client's zod
 * schema reads (`get` and `in`). Keys the answer has that were never read are the ones our
 * schema does not know. A schema that copies an object (a `z.preprocess` spreading it) reads,
 * and so "knows", all its keys; `z.unknown()` reads none and its subtree is never reported.
 */

export interface Recording {
  /** HTTP status, or null when no answer arrived (timeout, network failure). */
  status: number | null;
  /** The parsed JSON body as it came, never shown: only its key paths are. */
  body: unknown;
  /** Key paths the client's schema read ("data.rows[].orderBaseInfo.storeOrderId"). */
  known: Set<string>;
  /** Paths of the objects the schema looked into (read at least one key of). */
  visited: Set<string>;
  active: boolean;
}

/** A key as shown in a path: identifiers as they are, anything else (ids used as keys, text) as `*`. */
export const segment = (key: string): string => (/^[A-Za-z_$][\w$-]*$/.test(key) ? key : "*");
export const join = (path: string, key: string): string => (path ? `${path}.${segment(key)}` : segment(key));

function track(value: unknown, path: string, rec: Recording): unknown {
  if (typeof value !== "object" || value === null) return value;
  const isArray = Array.isArray(value);
  const note = (key: string) => {
    rec.visited.add(path);
    rec.known.add(join(path, key));
  };
  return new Proxy(value, {
    get(target, key, receiver) {
      const v: unknown = Reflect.get(target, key, receiver);
      if (!rec.active || typeof key !== "string") return v;
      if (isArray) return /^\d+$/.test(key) ? track(v, `${path}[]`, rec) : v;
      note(key);
      return track(v, join(path, key), rec);
    },
    has(target, key) {
      if (rec.active && !isArray && typeof key === "string") note(key);
      return Reflect.has(target, key);
    },
  });
}

export interface Recorder {
  transport: Transport;
  /** The recording of an endpoint's last call, which stops noting reads; undefined when it made no HTTP call. */
  take(endpoint: string): Recording | undefined;
}

export function recorder(transport: Transport): Recorder {
  const last = new Map<string, Recording>();
  const send: SendFn = async (req) => {
    const rec: Recording = { status: null, body: undefined, known: new Set(), visited: new Set(), active: true };
    last.set(req.endpoint, rec);
    try {
      const res = await transport.send(req);
      rec.status = res.status;
      rec.body = res.body;
      return { ...res, body: track(res.body, "", rec) };
    } catch (e) {
      if (e instanceof ProviderHttpError) rec.status = e.status;
      throw e;
    }
  };
  return {
    transport: { ...transport, send },
    take(endpoint) {
      const rec = last.get(endpoint);
      last.delete(endpoint);
      if (rec) rec.active = false;
      return rec;
    },
  };
}
