/**
 * Fixed demo credentials of the simulator: two merchant shops (personal access tokens and
 * passwords) and one partner for the password grant (§3.2). Not secrets: they only open the
 * local simulator.
 */
export const SUPERSHIP_DEMO = {
  accounts: [
    {
      shopCode: "S100001",
      email: "shop1@demo.supership.vn",
      password: "demo-password-1",
      token: "ss_pat_demo_shop1_0000000000000000000000",
      project: "Demo Shop One",
    },
    {
      shopCode: "S100002",
      email: "shop2@demo.supership.vn",
      password: "demo-password-2",
      token: "ss_pat_demo_shop2_0000000000000000000000",
      project: "Demo Shop Two",
    },
  ],
  partner: {
    clientId: "AZN6QUo40w",
    clientSecret: "demo-partner-client-secret-000000000000000",
    partnerCode: "demo-partner-code-00000000000000000000000",
  },
} as const;
