import type { IncomingMessage } from "node:http";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import ipaddr from "ipaddr.js";
import proxyaddr from "proxy-addr";

/**
 * The address a request is counted under (docs/decisions/023-abuse-limits.md). Without trusted
 * proxies it is the socket's peer, whatever X-Forwarded-For says (anyone can write that header).
 * With TRUSTED_PROXIES it is proxy-addr's answer: walking X-Forwarded-For from the right, the
 * first hop that is not a trusted proxy, so a client cannot pick its own address by prepending
 * entries. IPv6 addresses count per /64, the block one subscriber gets, so rotating through it
 * is one client; IPv4-mapped IPv6 is the IPv4 address.
 */

export type ClientAddress = (c: Context) => string | undefined;

export function clientAddress(trustedProxies: readonly string[]): ClientAddress {
  const trust = proxyaddr.compile([...trustedProxies]);
  return (c) => {
    const socket = socketAddress(c);
    if (socket === undefined) return undefined;
    if (trustedProxies.length === 0) return normalize(socket);
    const forwarded = c.req.header("x-forwarded-for");
    // proxy-addr reads only these two properties of Node's request.
    const req = { socket: { remoteAddress: socket }, headers: forwarded === undefined ? {} : { "x-forwarded-for": forwarded } };
    return normalize(proxyaddr(req as unknown as IncomingMessage, trust));
  };
}

/** The peer's address from @hono/node-server; undefined when the request came from no socket (an in-process `app.fetch`). */
function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address || undefined;
  } catch {
    return undefined;
  }
}

function normalize(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${v6.toString()}/64`).toString()}/64`;
}
