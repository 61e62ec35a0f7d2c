// Running the `hexpin` CLI from tests, two ways:
// - `spawnCli`: a real process through sdk/bin/hexpin, exactly as an operator runs it (each
//   start compiles the CLI through ts-node: seconds on a busy machine, so use it sparingly);
// - `runCli`: the same command tree in this process, with its own environment, stdout,
//   stderr and exit code captured — the same code path minus process start-up. Runs are
//   serialised (they swap process.env and the output streams).
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { hexpinCli } from "../../sdk/src/cli/main";

export const BIN = resolve(__dirname, "../../sdk/bin/hexpin");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: () => Record<string, unknown>;
}

/** Variables a test run should not inherit from the machine (a boolean flag's variable counts when merely set). */
const ISOLATED = (k: string) => k.startsWith("HEXPIN_") || k === "SOLANA_CONFIG";

function run(code: number, stdout: string, stderr: string): CliRun {
  return {
    code,
    stdout,
    stderr,
    json: () => {
      try {
        return JSON.parse(stdout);
      } catch {
        throw new Error(`not JSON (exit ${code}):\n${stdout}\n--- stderr:\n${stderr}`);
      }
    },
  };
}

export function spawnCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((done) => {
    const childEnv: Record<string, string | undefined> = Object.fromEntries(Object.entries(process.env).filter(([k]) => !ISOLATED(k)));
    Object.assign(childEnv, env);
    execFile(process.execPath, [BIN, ...args], { env: childEnv, timeout: 240_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      done(run(typeof code === "number" ? code : 1, stdout, stderr));
    });
  });
}

type Cli = ReturnType<typeof hexpinCli>;

/** Commander's own exits (help, a bad flag) become thrown errors carrying the exit code. */
function quiet(cmd: Cli): void {
  cmd.exitOverride();
  for (const c of cmd.commands) quiet(c);
}

let queue: Promise<unknown> = Promise.resolve();

/** The CLI in this process: same commands, options, output and exit code as `spawnCli`. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const next = queue.then(() => runNow(args, env));
  queue = next.catch(() => undefined);
  return next;
}

async function runNow(args: string[], env: Record<string, string>): Promise<CliRun> {
  const savedEnv = { ...process.env };
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  const savedExit = process.exitCode;
  for (const k of Object.keys(process.env)) if (ISOLATED(k)) delete process.env[k];
  Object.assign(process.env, env);
  process.exitCode = 0;
  const capture = (sink: string[]) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      sink.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const cb = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  let code = 0;
  try {
    const cli = hexpinCli();
    quiet(cli);
    await cli.parseAsync(["node", "hexpin", ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (e) {
    const commander = typeof (e as { code?: unknown }).code === "string" && (e as { code: string }).code.startsWith("commander.");
    code = commander ? Number((e as { exitCode?: number }).exitCode ?? 1) : 1;
    if (!commander) err.push(`Error: ${(e as Error).message}\n`);
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.exitCode = savedExit;
    for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
    Object.assign(process.env, savedEnv);
  }
  return run(code, out.join(""), err.join(""));
}
