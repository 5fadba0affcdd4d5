import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SUPERSHIP_DEMO, startSupershipSimulator } from "../../simulators/supership/index.js";
import { providerSettings } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { ProviderCredentialsRejectedError, ProviderHttpError, ProviderOverloadedError, ProviderRejectedError } from "../../src/domain/provider-errors.js";
import { createProviderRuntime } from "../../src/providers/runtime.js";

/**
 * The circuit breaker is shared by every tenant of a process (one transport per provider), so
 * what one tenant's calls do to it is what every other tenant gets. Here through the runtime the
 * app builds, with the configured defaults (PROVIDER_BREAKER_*), against the SuperShip simulator.
 */

const [shop1, shop2] = SUPERSHIP_DEMO.accounts;
let sim: Awaited<ReturnType<typeof startSupershipSimulator>>;

beforeAll(async () => {
  sim = await startSupershipSimulator({ port: 0 });
});
afterAll(() => sim.close());
beforeEach(async () => {
  await fetch(`${sim.url}/__sim/reset`, { method: "POST" });
});

const urls = () => ({
  hyperskuBaseUrl: "http://127.0.0.1:9",
  hyperskuAuthorizeUrl: "http://127.0.0.1:9/auth",
  supershipBaseUrl: sim.url,
  supershipLabelUrl: `${sim.url}/label`,
});
/** A fresh process's provider layer: its own transports, so its own breaker. */
const runtime = () => createProviderRuntime(providerSettings(loadConfig({ DEMO_MODE: "false", PROVIDER_RETRIES: "0" })), urls());
const calls = async () => ((await (await fetch(`${sim.url}/__sim/counters`)).json()) as { total: number }).total;
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("call should fail"),
    (e: unknown) => e,
  );

describe("one tenant's failures and the shared breaker", () => {
  it("100 credential failures and business refusals from one tenant do not open the circuit for another", async () => {
    const providers = runtime();
    const revoked = providers.supership("ss_pat_revoked_0000000000000000000000000");
    const other = providers.supership(shop2!.token);
    const warehouses = await providers.supership(shop1!.token).listWarehouses();
    expect(warehouses.length).toBeGreaterThan(0); // precondition: the shared transport answers

    const errors = await Promise.all([
      ...Array.from({ length: 50 }, () => rejection(revoked.listWarehouses())),
      // Another shop's (here: nobody's) order: SuperShip refuses it, a business error.
      ...Array.from({ length: 50 }, () => rejection(other.orderInfo("SGNS999999NT.9"))),
    ]);
    expect(errors.filter((e) => e instanceof ProviderCredentialsRejectedError)).toHaveLength(50);
    expect(errors.filter((e) => e instanceof ProviderRejectedError)).toHaveLength(50);
    expect(await calls()).toBe(101); // every call went out: none was shed

    expect(providers.transports.supership.circuitState()).toBe("closed");
    expect((await providers.supership(shop1!.token).listWarehouses()).length).toBeGreaterThan(0);
    expect(await calls()).toBe(102);
  });

  it("the same 100 calls failing with 5xx do open it: the other tenant's call is shed without HTTP", async () => {
    const providers = runtime();
    await fetch(`${sim.url}/__sim/faults`, { method: "POST", body: JSON.stringify({ endpoint: "listWarehouses", kind: "http500", times: 100 }) });
    const failing = providers.supership(shop2!.token);
    const errors = await Promise.all(Array.from({ length: 100 }, () => rejection(failing.listWarehouses())));
    // The circuit opens once the window holds PROVIDER_BREAKER_MIN_CALLS (20) failures; the rest are shed.
    expect(errors.filter((e) => e instanceof ProviderHttpError).length).toBeGreaterThanOrEqual(20);
    expect(errors.every((e) => e instanceof ProviderHttpError || e instanceof ProviderOverloadedError)).toBe(true);
    expect(providers.transports.supership.circuitState()).toBe("open");

    const before = await calls();
    const shed = await rejection(providers.supership(shop1!.token).listWarehouses());
    expect(shed).toBeInstanceOf(ProviderOverloadedError);
    expect(shed).toMatchObject({ code: "PROVIDER_UNAVAILABLE" });
    expect(await calls()).toBe(before);
  });
});
