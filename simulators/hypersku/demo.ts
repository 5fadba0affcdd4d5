/** The seeded merchants and OAuth app: the demo (`npm start`) and tests log in with these. */
export const HYPERSKU_DEMO = {
  accounts: [
    // storeCode: the account's one store, what getOrdersByExternalOrderId takes (3P; its meaning is INF).
    { accountId: "10001", username: "demo-merchant-1", password: "demo-password-1", name: "Demo Merchant One", storeCode: "DEMO-STORE-1" },
    { accountId: "10002", username: "demo-merchant-2", password: "demo-password-2", name: "Demo Merchant Two", storeCode: "DEMO-STORE-2" },
  ],
  oauthApp: { clientId: "demo-client", clientSecret: "demo-client-secret" },
} as const;

export type DemoAccount = (typeof HYPERSKU_DEMO.accounts)[number];

export function findAccountByLogin(username: string, password: string): DemoAccount | undefined {
  return HYPERSKU_DEMO.accounts.find((a) => a.username === username && a.password === password);
}
