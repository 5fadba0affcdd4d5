import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { configSchema } from "../../src/config.js";
import { generateKey } from "../../src/store/crypto.js";
import { freePort, start, waitFor } from "../entries/process.js";
import {
  cmd,
  copies,
  copyRuntimeFiles,
  type Dockerfile,
  destination,
  env,
  healthcheck,
  last,
  readDockerfile,
  runtimeFiles,
  runtimeStage,
  type Stage,
  workdir,
} from "./dockerfile.js";

/**
 * The Dockerfile and compose.yaml against the code they package. No Docker engine runs here (see
 * .ci/run), so the image is checked by what can drift: the stages' files are laid out as the
 * COPY lines say (from this checkout, minus .dockerignore), `npm run build` runs in the build
 * stage's files, and the runtime stage's files serve /healthz to the HEALTHCHECK command.
 */

const root = resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(join(root, file), "utf8");
const configVariables = new Set(Object.keys(configSchema.shape));
const df: Dockerfile = readDockerfile();
const runtime = runtimeStage(df);
const build = df.stages[0]!;
const pkg = JSON.parse(read("package.json")) as { scripts: Record<string, string>; engines: { node: string } };
const buildConfig = JSON.parse(read("tsconfig.build.json").replace(/^\s*\/\/.*$/gm, "")) as {
  extends: string;
  include: string[];
  compilerOptions: { rootDir: string; outDir: string };
};

/** .dockerignore as Docker reads it, for the forms it uses: paths and `*` globs, no `!`. */
function dockerignore(): (path: string) => boolean {
  const patterns = read(".dockerignore")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  expect(
    patterns.filter((p) => p.startsWith("!")),
    "this test reads no exceptions (!)",
  ).toEqual([]);
  const regexes = patterns.map((p) => {
    const body = p
      .replace(/^\/+|\/+$/g, "")
      .split("**")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*"))
      .join(".*");
    return new RegExp(`^${body}(/|$)`);
  });
  return (path) => regexes.some((r) => r.test(path));
}
const ignored = dockerignore();

/** The build context's files the build stage copies, with their place in the stage. */
function buildContextFiles(stage: Stage): Array<[string, string]> {
  return copies(stage)
    .filter((c) => c.from === null)
    .flatMap((c) => c.sources.map((s): [string, string] => [s, posix.relative(workdir(stage), destination(stage, c, s))]));
}

describe("Dockerfile", () => {
  it("has a build stage and a runtime stage on one Node 20 image (the native module must load in both)", () => {
    expect(df.stages.map((s) => s.name)).toEqual(["build", "runtime"]);
    expect(new Set(df.stages.map((s) => s.image)).size).toBe(1);
    expect(build.image).toMatch(/^node:20[.-]/);
    expect(pkg.engines.node).toMatch(/\^20\./);
    // The runtime stage has no compiler: it copies what the build stage installed and built.
    expect(runtime.instructions.filter((i) => i.op === "RUN").map((i) => i.args)).not.toContainEqual(expect.stringMatching(/npm (ci|install)|apt-get/));
  });

  it("copies into the build stage only files that exist and .dockerignore does not exclude", () => {
    const files = buildContextFiles(build);
    expect(files.length).toBeGreaterThan(0);
    for (const [source] of files) {
      expect(existsSync(join(root, source)), source).toBe(true);
      expect(ignored(source), `${source} is excluded by .dockerignore`).toBe(false);
    }
  });

  it("copies into the build stage everything `npm run build` reads", () => {
    const copied = buildContextFiles(build).map(([, to]) => to);
    const has = (path: string) => copied.some((c) => path === c || path.startsWith(`${c}/`));
    // The files the build script names (tsconfig.build.json, scripts/copy-assets.mjs), what that
    // tsconfig extends, and its sources.
    const named = pkg.scripts.build!.split(/\s+/).filter((w) => /\.\w+$/.test(w) && existsSync(join(root, w)));
    expect(named).toEqual(["tsconfig.build.json", "scripts/copy-assets.mjs"]);
    for (const path of [...named, "package.json", "package-lock.json", buildConfig.extends.replace(/^\.\//, ""), ...buildConfig.include]) expect(has(path), path).toBe(true);
    // …and runs it, then drops the devDependencies.
    expect(build.instructions.map((i) => i.args)).toContainEqual(expect.stringMatching(/^npm ci$/));
    expect(build.instructions.map((i) => i.args)).toContainEqual(expect.stringMatching(/npm run build && npm prune --omit=dev/));
  });

  it("runs the production entry: CMD is node on the file tsc emits for src/server.ts", () => {
    const { rootDir, outDir } = buildConfig.compilerOptions;
    const emitted = posix.join(outDir, posix.relative(rootDir, "src/server.ts")).replace(/\.ts$/, ".js");
    expect(cmd(runtime)).toEqual(["node", emitted]);
    // The entry README documents, and the one .ci/run starts.
    expect(read("README.md")).toContain(`node ${emitted}`);
    expect(read(".ci/run")).toContain(`node ${emitted}`);
    expect(runtimeFiles(df)).toContainEqual([outDir, outDir]);
  });

  it("runs as a user that is not root", () => {
    const user = last(runtime, "USER")?.args;
    expect(user).toBeDefined();
    expect(user?.split(":")[0]).not.toMatch(/^(root|0)$/);
    // USER comes before CMD and nothing after it switches back.
    const ops = runtime.instructions.map((i) => i.op);
    expect(ops.lastIndexOf("USER")).toBeLessThan(ops.lastIndexOf("CMD"));
  });

  it("sets only variables src/config.ts reads: production mode, listening on the container's interfaces", () => {
    const vars = env(runtime);
    expect(Object.keys(vars).filter((k) => !configVariables.has(k))).toEqual([]);
    expect(vars).toMatchObject({ NODE_ENV: "production", HOST: "0.0.0.0" });
    expect(configSchema.shape.HOST.parse(undefined)).toBe("127.0.0.1"); // the default a container cannot be reached on
    expect(last(runtime, "EXPOSE")?.args).toBe(vars.PORT);
    // DATA_DIR is created for the non-root user.
    expect(runtime.instructions.map((i) => i.args)).toContainEqual(`mkdir -p ${vars.DATA_DIR} && chown node:node ${vars.DATA_DIR}`);
  });

  it("copies each runtime file from the build stage to the same path (the form .ci/run relies on)", () => {
    const files = runtimeFiles(df);
    for (const [from, to] of files) expect(to).toBe(from);
    const names = files.map(([from]) => from);
    expect(names).toEqual(expect.arrayContaining(["package.json", "node_modules", buildConfig.compilerOptions.outDir]));
    // Every runtime file exists in the build stage: copied from the context, installed, or built.
    const built = new Set([...buildContextFiles(build).map(([, to]) => to), "node_modules", buildConfig.compilerOptions.outDir]);
    for (const name of names) expect(built.has(name), name).toBe(true);
  });

  it("checks health with a script the runtime stage copies, on GET /healthz", () => {
    const { options, command } = healthcheck(runtime);
    expect(command).toEqual(["node", "scripts/healthcheck.mjs"]);
    expect(runtimeFiles(df).map(([, to]) => to)).toContain(command[1]);
    expect(read(command[1]!)).toContain("/healthz");
    expect(read("src/http/health.ts")).toContain('routes.get("/healthz"');
    // The script's fallback port is the config default.
    expect(read(command[1]!)).toContain(`|| "${configSchema.shape.PORT.parse(undefined)}"`);
    expect(Object.keys(options).sort()).toEqual(["interval", "retries", "start-period", "timeout"]);
  });
});

describe(".dockerignore", () => {
  it("keeps secrets, local state and what the image installs or builds out of the build context", () => {
    for (const path of [
      ".env",
      ".env.production",
      ".data",
      ".data/fulfillment-graph.sqlite",
      "x.sqlite",
      "node_modules",
      "dist/server.js",
      ".git",
      "test-artifacts/graphiql.png",
    ]) {
      expect(ignored(path), path).toBe(true);
    }
    for (const path of ["src/server.ts", "package.json", "scripts/healthcheck.mjs"]) expect(ignored(path), path).toBe(false);
  });
});

type Service = {
  build?: string;
  image?: string;
  init?: boolean;
  restart?: string;
  env_file?: string | string[];
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  command?: string[];
  volumes?: string[];
  stop_grace_period?: string;
};
const compose = parseYaml(read("compose.yaml"), { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };

describe("compose.yaml", () => {
  const apis = Object.entries(compose.services).filter(([, s]) => s.build === ".");

  it("runs two API replicas of this image beside Redis", () => {
    expect(apis.map(([name]) => name)).toEqual(["api-1", "api-2"]);
    expect(compose.services.redis?.image).toBe("redis:7-alpine");
  });

  it("sets only variables src/config.ts reads, including those it interpolates", () => {
    const interpolated = [...read("compose.yaml").matchAll(/\$\{(\w+)/g)].map((m) => m[1]!);
    for (const [name, api] of apis) {
      expect(
        Object.keys(api.environment ?? {}).filter((k) => !configVariables.has(k)),
        name,
      ).toEqual([]);
    }
    expect(interpolated.filter((k) => !configVariables.has(k))).toEqual([]);
  });

  it("gives the replicas one configuration (one ENCRYPTION_KEY), the shared Redis, init and a restart policy", () => {
    const [[, first], ...others] = apis as [[string, Service], ...Array<[string, Service]>];
    for (const [name, api] of others) expect({ ...api, ports: undefined }, name).toEqual({ ...first, ports: undefined });
    expect(first.env_file).toBe(".env");
    expect(first.init).toBe(true);
    expect(first.restart).toBeDefined();
    // Docker kills after the grace period: it must outlast the server's own (SHUTDOWN_GRACE_MS, unless the env sets it).
    const drainMs = Number(first.environment?.SHUTDOWN_GRACE_MS ?? configSchema.shape.SHUTDOWN_GRACE_MS.parse(undefined));
    expect(drainMs).toBeGreaterThan(0);
    expect(Number(/^(\d+)s$/.exec(first.stop_grace_period ?? "")?.[1]) * 1000).toBeGreaterThan(drainMs);
    const redisUrl = new URL(first.environment?.REDIS_URL ?? "");
    expect(redisUrl.protocol).toBe("redis:");
    expect(compose.services[redisUrl.hostname]?.image).toMatch(/^redis:/);
    expect(first.depends_on?.[redisUrl.hostname]?.condition).toBe("service_healthy");
    expect(compose.services[redisUrl.hostname]?.healthcheck).toBeDefined();
    // Redis is the store of record here: persisted on a volume.
    expect(compose.services.redis?.command).toEqual(["redis-server", "--appendonly", "yes"]);
    expect(compose.services.redis?.volumes).toEqual(["redis-data:/data"]);
  });

  it("publishes the port the server listens on, and keeps the image's HEALTHCHECK", () => {
    const port = env(runtime).PORT;
    for (const [name, api] of apis) {
      expect(api.environment?.HOST, name).toBe("0.0.0.0");
      expect(api.environment?.PORT ?? port, name).toBe(port);
      expect(
        api.ports?.map((p) => p.split(":").at(-1)),
        name,
      ).toEqual([port]);
      expect(api.healthcheck, name).toBeUndefined();
    }
    expect(new Set(apis.flatMap(([, s]) => s.ports ?? [])).size).toBe(apis.length);
  });
});

describe("the runtime stage's files, laid out without Docker", () => {
  // The stages as the Dockerfile describes them: the build stage from this checkout's files
  // (its COPY lines, minus .dockerignore), with this checkout's node_modules linked in for
  // `npm ci`; then `npm run build`; then only what the runtime stage copies.
  let scratch = "";
  let app = "";
  let dataDir = "";

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), "dockerfile-stages-"));
    const buildDir = join(scratch, "build");
    app = join(scratch, "app");
    dataDir = join(scratch, "data");
    mkdirSync(buildDir);
    symlinkSync(join(root, "node_modules"), join(buildDir, "node_modules"));
    for (const [from, to] of buildContextFiles(build)) {
      cpSync(join(root, from), join(buildDir, to), { recursive: true, filter: (src) => !ignored(posix.relative(root, src)) });
    }
    await promisify(execFile)("npm", ["run", "build"], { cwd: buildDir });
    copyRuntimeFiles(df, buildDir, app, ["node_modules"]);
  }, 120_000);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("hold the entry, its run-time assets and no source", () => {
    expect(readdirSync(app).sort()).toEqual(["dist", "node_modules", "package.json", "scripts"]);
    expect(existsSync(join(app, cmd(runtime)[1]!))).toBe(true);
    expect(existsSync(join(app, "dist", "http", "persisted-documents.json"))).toBe(true);
    expect(existsSync(join(app, "src"))).toBe(false);
  });

  it("serve /healthz to the HEALTHCHECK command, which fails once the server is gone", async () => {
    const port = String(await freePort());
    const image = env(runtime);
    // The image's environment, on loopback and a free port, with what a deployment must set.
    const vars = {
      ...image,
      HOST: "127.0.0.1",
      PORT: port,
      DATA_DIR: dataDir,
      ENCRYPTION_KEY: generateKey(),
      PUBLIC_URL: "https://api.example.test",
      HYPERSKU_CLIENT_ID: "acme-app",
      HYPERSKU_CLIENT_SECRET: "acme-app-secret-value",
      GRAPHIQL: "true",
      LOG_LEVEL: "warn",
    };
    const [node, ...args] = cmd(runtime);
    expect(node).toBe("node");
    const server = start(args, vars, app);
    const [check, ...checkArgs] = healthcheck(runtime).command;
    expect(check).toBe("node");
    const probe = () => start(checkArgs, { PORT: port, HOST: "127.0.0.1" }, app).exited;
    try {
      await waitFor(`http://127.0.0.1:${port}/healthz`, server, 30_000);
      expect(await probe()).toBe(0);
      // GraphiQL reads dashboard.graphql next to the emitted code: the runtime stage has it.
      const page = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: "text/html" } });
      expect(await page.text()).toContain("query Dashboard");
      // The SQLite store was created in DATA_DIR (REDIS_URL unset), the one place it writes.
      expect(readdirSync(dataDir)).toContain("fulfillment-graph.sqlite");
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(await probe()).toBe(1);
  }, 60_000);
});
