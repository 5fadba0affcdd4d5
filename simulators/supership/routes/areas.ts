import { communesOf, districtsOf, findDistrictByCode, provinces } from "../areas.js";
import { API, type SimContext, type SsApp } from "../context.js";
import { ok } from "../envelope.js";

/**
 * B1–B3 Areas API, no auth (§3.3). An unknown or missing code answers an empty list with
 * Success: the real behaviour is unknown (§5 B3) and this is the inferred guess.
 */
export function areaRoutes(app: SsApp, { control }: SimContext): void {
  app.get(`${API}/areas/province`, control.endpoint("provinces"), (c) => ok(c, provinces()));

  app.get(`${API}/areas/district`, control.endpoint("districts"), (c) => {
    const list = districtsOf(c.req.query("province") ?? "");
    return ok(
      c,
      list.map((d) => ({ code: d.code, name: d.name, province: d.province.name })),
    );
  });

  app.get(`${API}/areas/commune`, control.endpoint("communes"), (c) => {
    const district = findDistrictByCode(c.req.query("district") ?? "");
    if (!district) return ok(c, []);
    return ok(
      c,
      communesOf(district.code).map((w) => ({ code: w.code, name: w.name, district: district.name, province: district.province.name })),
    );
  });
}
