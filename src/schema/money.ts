import type { Money } from "../domain/money.js";
import { builder } from "./builder.js";

export const MoneyRef = builder.objectRef<Money>("Money").implement({
  description: "An amount of money. `amount` is a decimal string in the currency's minor units (`12.50`, `30000`).",
  fields: (t) => ({
    amount: t.exposeString("amount", { description: "Decimal string, e.g. `12.50` USD or `30000` VND." }),
    currency: t.exposeString("currency", { description: "ISO 4217 code, e.g. `USD`, `VND`." }),
  }),
});
