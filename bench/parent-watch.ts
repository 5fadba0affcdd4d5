import { fstatSync } from "node:fs";

/**
 * Preloaded into the API child (`node --import tsx --import ./bench/parent-watch.ts
 * src/server.ts`): the benchmark holds the other end of this process's stdin, so when the
 * benchmark dies, even by SIGKILL, stdin closes and the API stops through its own SIGTERM
 * path instead of lingering as an orphan. src/server.ts stays unchanged.
 */
const stdin = fstatSync(0);
if (stdin.isFIFO() || stdin.isSocket()) {
  const leave = () => process.kill(process.pid, "SIGTERM");
  process.stdin.once("end", leave).once("close", leave).once("error", leave);
  process.stdin.resume();
}
