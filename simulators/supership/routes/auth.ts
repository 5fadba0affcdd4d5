import { issueToken } from "../auth.js";
import { newReferral, newShopCode } from "../codes.js";
import { API, type SimContext, type SsApp } from "../context.js";
import { SUPERSHIP_DEMO } from "../demo-accounts.js";
import { invalidField, ok, SsHttpError } from "../envelope.js";
import { Fields, readBody } from "../input.js";
import type { Shop } from "../state.js";

/**
 * A1 register and A2 password-grant login (§3.2, §5 A1). INVENTED error answers: bad client or
 * partner credentials and bad username/password answer 401; a duplicate email answers 422.
 */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function authRoutes(app: SsApp, { state, control }: SimContext): void {
  app.post(`${API}/auth/register`, control.endpoint("register"), async (c) => {
    const f = new Fields(await readBody(c));
    const input = {
      project: f.text("project", { required: true }),
      name: f.text("name", { required: true }),
      phone: f.phone("phone", { required: true }),
      email: f.text("email", { required: true }).toLowerCase(),
      password: f.text("password", { required: true }),
      partner: f.text("partner", { required: true }),
    };
    if (input.email && !EMAIL.test(input.email)) f.fail("email", "Trường email không phải địa chỉ email hợp lệ.");
    if (input.partner && input.partner !== SUPERSHIP_DEMO.partner.partnerCode) f.fail("partner", "Mã bí mật đối tác không hợp lệ.");
    f.throwIfInvalid();
    if ([...state.shops.values()].some((s) => s.email === input.email)) throw invalidField("email", "Email đã được sử dụng.");
    const shop: Shop = {
      code: newShopCode(state),
      project: input.project,
      name: input.name,
      phone: input.phone,
      email: input.email,
      password: input.password,
      referral: newReferral(state),
      webhook: null,
    };
    state.shops.set(shop.code, shop);
    c.set("simAccount", shop.code);
    const { project, name, phone, email, code, referral } = shop;
    return ok(c, { code, project, name, phone, email, referral, ...issueToken(state, shop) });
  });

  app.post(`${API}/auth/login`, control.endpoint("login"), async (c) => {
    const f = new Fields(await readBody(c));
    const input = {
      client_id: f.text("client_id", { required: true }),
      client_secret: f.text("client_secret", { required: true }),
      username: f.text("username", { required: true }).toLowerCase(),
      password: f.text("password", { required: true }),
      partner: f.text("partner", { required: true }),
    };
    f.throwIfInvalid();
    const p = SUPERSHIP_DEMO.partner;
    if (input.client_id !== p.clientId || input.client_secret !== p.clientSecret || input.partner !== p.partnerCode) {
      throw new SsHttpError(401, "Thông tin xác thực đối tác không hợp lệ.", { client_id: ["Thông tin xác thực đối tác không hợp lệ."] });
    }
    const shop = [...state.shops.values()].find((s) => s.email === input.username && s.password === input.password);
    if (!shop) throw new SsHttpError(401, "Tài khoản hoặc mật khẩu không chính xác.", { username: ["Tài khoản hoặc mật khẩu không chính xác."] });
    c.set("simAccount", shop.code);
    return ok(c, issueToken(state, shop));
  });
}
