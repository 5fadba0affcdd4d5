import { InputValidationError } from "../domain/errors.js";
import type { DeliveryQuote } from "../providers/supership/schemas/orders.js";
import { resolveAreas } from "./area.js";
import type { Context } from "./context.js";

/** Fee quotes between two districts (supership-api.md §5 C1): no commune, dimensions or COD in the query. */

export interface DeliveryQuoteArgs {
  senderProvince: string;
  senderDistrict: string;
  receiverProvince: string;
  receiverDistrict: string;
  weightGrams: number;
  value: number;
}

/**
 * orders/price (C1): one quote per service package. Area names need the areas API, so the
 * input is checked here, and bad input answers like the validation plugin's: BAD_USER_INPUT
 * at this path, with an issue naming each field.
 */
export async function quoteDelivery(ctx: Context, input: DeliveryQuoteArgs): Promise<DeliveryQuote[]> {
  const issues: ConstructorParameters<typeof InputValidationError>[0][number][] = [];
  if (!Number.isInteger(input.weightGrams) || input.weightGrams < 1 || input.weightGrams > 20_000)
    issues.push({ path: ["input", "weightGrams"], message: "from 1 to 20000 grams" });
  if (input.value < 0) issues.push({ path: ["input", "value"], message: "must be 0 or more" });
  const resolved = await resolveAreas(ctx, {
    sender: { names: { province: input.senderProvince, district: input.senderDistrict }, paths: QUOTE_PATHS.sender },
    receiver: { names: { province: input.receiverProvince, district: input.receiverDistrict }, paths: QUOTE_PATHS.receiver },
  }).catch((e: unknown) => {
    if (!(e instanceof InputValidationError)) throw e;
    issues.push(...e.issues);
    return null;
  });
  if (!resolved || issues.length > 0) {
    throw new InputValidationError(issues);
  }
  const quotes = await ctx.supership.price({
    senderProvince: resolved.sender.province,
    senderDistrict: resolved.sender.district,
    receiverProvince: resolved.receiver.province,
    receiverDistrict: resolved.receiver.district,
    weight: input.weightGrams,
    value: input.value,
  });
  return quotes;
}

const paths = (side: string) => ({ province: ["input", `${side}Province`], district: ["input", `${side}District`], commune: [] });
const QUOTE_PATHS = { sender: paths("sender"), receiver: paths("receiver") };
