import { SUPERSHIP_DEMO } from "../../simulators/supership/index.js";
import type { CreateWarehouseInput } from "../../src/providers/supership/schemas/warehouses.js";

/** The API settings for SuperShip partner login against the simulator's demo partner. */
export const SUPERSHIP_PARTNER_ENV = {
  SUPERSHIP_CLIENT_ID: SUPERSHIP_DEMO.partner.clientId,
  SUPERSHIP_CLIENT_SECRET: SUPERSHIP_DEMO.partner.clientSecret,
  SUPERSHIP_PARTNER_CODE: SUPERSHIP_DEMO.partner.partnerCode,
};

/** A pickup warehouse in Hà Nội whose area names the simulator's area lists resolve (supership-api.md §5 D2). */
export const HANOI_WAREHOUSE: CreateWarehouseInput = {
  name: "Kho Hà Nội",
  phone: "0912345678",
  contact: "Lê Văn B",
  address: "10 Kim Mã",
  province: "Thành phố Hà Nội",
  district: "Quận Ba Đình",
  commune: "Phường Kim Mã",
  primary: "2",
};
