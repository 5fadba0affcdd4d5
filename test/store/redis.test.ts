import { describe } from "vitest";
import { redisBackend } from "./backends.js";
import { describeStoreContract } from "./store-contract.js";

const url = process.env.REDIS_URL;
if (!url) console.warn("REDIS_URL unset: skipping Redis store tests");

// A random prefix per test: other suites may share this Redis, and each test starts empty.
describe.skipIf(!url)("redis store", () => {
  describeStoreContract("redis", () => redisBackend(url!));
});
