/**
 * Money as the graph exposes it: a decimal string in the currency's minor units and an ISO
 * 4217 code. Providers send floats (HyperSKU USD) or whole đồng (SuperShip VND); a decimal
 * string is what a client can add up or format without float surprises.
 */
export interface Money {
  amount: string;
  currency: string;
}

const digitsCache = new Map<string, number>();

function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2; // an unknown code: show cents rather than fail the field
    }
    digitsCache.set(currency, digits);
  }
  return digits;
}

export function toMoney(amount: number, currency: string): Money {
  const code = currency.toUpperCase();
  return { amount: amount.toFixed(minorDigits(code)), currency: code };
}
