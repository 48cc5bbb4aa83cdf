// Start-up of CPython paid once, not per submission:
//
// - The interpreter is started once per machine, with the harness loaded and the standard library
//   challenges use imported, and Pyodide's memory snapshot of it is kept in a file (a few seconds of
//   CPU; every judge process and thread after that reads the file). The file's name carries a hash
//   of everything that shapes it (Pyodide's build, the adapted glue, our runtime and harness), so a
//   change makes a new one. It lives in a directory only this user can write
//   (JUDGE_PYTHON_CACHE_DIR, by default one under the system's temporary directory).
// - The wasm module is compiled once per thread (loadPyodideAssets), and V8 shares its code.
// - The glue (1.2 MB of JavaScript) gets a V8 code cache per thread, made after one full judging
//   in a throwaway isolate, so it holds every function start-up runs, not only the top level.
//
// Each submission then gets a fresh isolate and an interpreter restored from the snapshot
// (run-python.ts).
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import ivm from "isolated-vm";
import { HARNESS } from "./harness.ts";
import { INTERPRETER, type Reply } from "./interpreter.ts";
import { ISOLATE_ENVIRONMENT } from "./isolate-env.ts";
import { arrayBufferOf, loadPyodideAssets, type PyodideAssets } from "./pyodide-assets.ts";

const FILENAME = "pyodide-runtime.js";
/** Our own start-up code only: no player code runs under these limits. */
const MAKE_TIMEOUT_MS = 60_000;
const MAKER_MEMORY_MB = 1024;
/** Pyodide's snapshot header starts with this magic number. */
const SNAPSHOT_MAGIC = 1886286592;

export interface PythonBoot {
  assets: PyodideAssets;
  /** The environment, the adapted glue and our runtime, evaluated once per isolate. */
  source: string;
  /** V8 code cache of `source` after a warm-up run, when V8 produced one. */
  cache?: ivm.ExternalCopy<ArrayBuffer> | undefined;
  /** Pyodide's memory snapshot of the started interpreter with the harness loaded. */
  snapshot: ivm.ExternalCopy<ArrayBuffer>;
  /** Its size in bytes: the wasm memory every restored interpreter starts with. */
  snapshotBytes: number;
}

/** A context in `isolate` with our runtime evaluated (only our own code runs). */
export async function runtimeContext(isolate: ivm.Isolate, boot: Pick<PythonBoot, "assets" | "source" | "cache">): Promise<ivm.Context> {
  // One asynchronous call per isolate, the rest synchronous: with every call into a submission's
  // isolate synchronous, isolated-vm aborted the process when the thread exited after several
  // hundred submissions; one call through its own thread per isolate kept thousands clean.
  const context = await isolate.createContext();
  context.global.setSync("__codeduelWasm", boot.assets.wasm.copyInto({ release: false }));
  context.global.setSync("__codeduelStdlib", boot.assets.stdlib.copyInto({ release: false }));
  const script = isolate.compileScriptSync(boot.source, { filename: FILENAME, ...(boot.cache ? { cachedData: boot.cache } : {}) });
  script.runSync(context, { timeout: MAKE_TIMEOUT_MS });
  script.release();
  return context;
}

function cacheDirectory(): string {
  const configured = process.env.JUDGE_PYTHON_CACHE_DIR;
  return configured && configured.length > 0 ? configured : join(tmpdir(), `codeduel-python-${userInfo().uid}`);
}

function snapshotKey(assets: PyodideAssets, source: string): string {
  return createHash("sha256").update(assets.version).update(assets.buildId).update(source).update(HARNESS).digest("hex").slice(0, 20);
}

/** Whether only this user can write `path` (it is ours, and neither group- nor world-writable). */
function oursAlone(path: string): boolean {
  const stat = statSync(path);
  return stat.uid === userInfo().uid && (stat.mode & 0o022) === 0;
}

/** The cached snapshot, when its file exists, is ours alone to write, and looks like a snapshot. */
function readCached(file: string): ArrayBuffer | undefined {
  try {
    if (!oursAlone(file)) return undefined;
    const bytes = readFileSync(file);
    if (bytes.length < 64 || bytes.readUInt32LE(0) !== SNAPSHOT_MAGIC) return undefined;
    return arrayBufferOf(bytes);
  } catch {
    return undefined;
  }
}

function writeCached(dir: string, file: string, bytes: Uint8Array): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!oursAlone(dir)) return;
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(temporary, bytes, { mode: 0o600 });
    renameSync(temporary, file);
    // Snapshots of earlier builds or harnesses are never read again.
    for (const name of readdirSync(dir)) {
      if (name.startsWith("snapshot-") && name.endsWith(".bin") && join(dir, name) !== file) rmSync(join(dir, name), { force: true });
    }
  } catch (err) {
    console.error(`codeduel judge: could not keep the Python snapshot in ${dir}: ${String(err)}`);
  }
}

/** Starts CPython in a throwaway isolate, loads the harness and takes a memory snapshot. */
async function makeSnapshot(assets: PyodideAssets, source: string): Promise<ArrayBuffer> {
  const maker = new ivm.Isolate({ memoryLimit: MAKER_MEMORY_MB });
  try {
    const context = await runtimeContext(maker, { assets, source });
    const make = context.global.getSync("__codeduelMake", { reference: true }) as ivm.Reference<
      (lock: string, buildId: string, prep: string) => string
    >;
    make.applySync(undefined, [assets.lock, assets.buildId, HARNESS], { timeout: MAKE_TIMEOUT_MS });
    const made = context.global.getSync("__codeduelMade", { reference: true }) as ivm.Reference<() => Uint8Array | string>;
    for (let waited = 0; waited < MAKE_TIMEOUT_MS; waited += 10) {
      const result = made.applySync(undefined, [], { timeout: MAKE_TIMEOUT_MS, result: { copy: true } });
      if (typeof result === "string") throw new Error(`Python snapshot failed: ${result.slice(0, 2000)}`);
      if (result instanceof Uint8Array) return arrayBufferOf(result);
      await sleep(10);
    }
    throw new Error("Python snapshot: start-up did not finish");
  } finally {
    maker.dispose();
  }
}

/** The snapshot from the cache directory, made and kept there first when missing. */
export async function pythonSnapshot(assets: PyodideAssets, source: string): Promise<ArrayBuffer> {
  const dir = cacheDirectory();
  const file = join(dir, `snapshot-${assets.version}-${snapshotKey(assets, source)}.bin`);
  const cached = readCached(file);
  if (cached) return cached;
  const bytes = await makeSnapshot(assets, source);
  writeCached(dir, file, new Uint8Array(bytes));
  return bytes;
}

let booting: Promise<PythonBoot> | undefined;

const encoder = new TextEncoder();

/** Our runtime in a context made by `runtimeContext`: one interpreter at a time, restored from the thread's snapshot. */
export interface Interpreter {
  /** A fresh interpreter (our code only: it completes in the microtasks that run before this returns). */
  restore(maxMemory: number, outputCap: number, timeoutMs: number): void;
  /** The harness's `setup` or `test` on `text` in the current interpreter, under `timeoutMs`. */
  call(entry: "setup" | "test", text: string, timeoutMs: number): Reply;
  release(): void;
}

export function interpreterIn(context: ivm.Context, boot: PythonBoot): Interpreter {
  const ref = <T>(name: string) => context.global.getSync(name, { reference: true }) as ivm.Reference<T>;
  const start = ref<(snapshot: ArrayBuffer, buildId: string, maxMemory: number, outputCap: number) => string>("__codeduelStart");
  // Programs and inputs cross as UTF-8 bytes, copied into the wasm memory at once inside.
  const call = ref<(entry: "setup" | "test", bytes: Uint8Array) => Reply>("__codeduelCall");
  return {
    restore(maxMemory, outputCap, timeoutMs) {
      start.applySync(undefined, [boot.snapshot.copyInto({ release: false }), boot.assets.buildId, maxMemory, outputCap], {
        timeout: timeoutMs,
      });
    },
    call(entry, text, timeoutMs) {
      return call.applySync(undefined, [entry, encoder.encode(text)], {
        timeout: timeoutMs,
        arguments: { copy: true },
        result: { copy: true },
      });
    },
    release() {
      start.release();
      call.release();
    },
  };
}

/**
 * Judges a trivial program twice in a throwaway isolate, then takes the code cache of the warmed
 * source there: V8's compilation cache hands back the functions start-up compiled, so the cache
 * holds them, not only the top level.
 */
async function produceCodeCache(boot: PythonBoot): Promise<ivm.ExternalCopy<ArrayBuffer> | undefined> {
  if (process.env.JUDGE_PYTHON_STARTUP_CACHE === "off") return undefined;
  const isolate = new ivm.Isolate({ memoryLimit: 256 });
  try {
    const interpreter = interpreterIn(await runtimeContext(isolate, boot), boot);
    for (let round = 0; round < 2; round++) {
      interpreter.restore(256 * 1024 * 1024, 65536, MAKE_TIMEOUT_MS);
      const request = JSON.stringify({ code: "def f(a):\n    print(a)\n    return [a, str(a)]\n", name: "f", max: 65536 });
      const ready = interpreter.call("setup", request, MAKE_TIMEOUT_MS);
      const value = interpreter.call("test", "[1]", MAKE_TIMEOUT_MS);
      const answers = [ready, value].map((reply) => new TextDecoder().decode(reply.result ?? new Uint8Array()));
      if (answers[0] !== "r" || answers[1] !== 'v[1,"1"]') throw new Error(`Python warm-up failed: ${JSON.stringify(answers)}`);
    }
    const again: ivm.Script & ivm.CachedDataResult = await isolate.compileScript(boot.source, {
      filename: FILENAME,
      produceCachedData: true,
    });
    again.release();
    return again.cachedData;
  } finally {
    isolate.dispose();
  }
}

/** The thread's Python start-up: assets, snapshot and code cache, made once. */
export function pythonBoot(): Promise<PythonBoot> {
  if (booting) return booting;
  booting = (async () => {
    const assets = loadPyodideAssets();
    const source = `${ISOLATE_ENVIRONMENT}\n${assets.glue}\n${INTERPRETER}`;
    const bytes = await pythonSnapshot(assets, source);
    const snapshotBytes = bytes.byteLength;
    // Moved, not copied: the thread keeps one 30 MB copy of the snapshot.
    const boot: PythonBoot = { assets, source, snapshot: new ivm.ExternalCopy(bytes, { transferOut: true }), snapshotBytes };
    try {
      boot.cache = await produceCodeCache(boot);
    } catch (err) {
      // Without the cache Python is still judged correctly, only with a slower start.
      console.error(`codeduel judge: Python start-up cache unavailable: ${String(err)}`);
    }
    return boot;
  })();
  // A failed start-up is tried again by the next Python submission, not remembered for the thread's life.
  booting.catch(() => {
    booting = undefined;
  });
  return booting;
}

/** Starts the thread's Python start-up ahead of its first submission (benchmarks call it before timing). */
export async function warmPython(): Promise<void> {
  try {
    await pythonBoot();
  } catch (err) {
    // Never an unhandled rejection in a judge thread: the next Python submission tries again.
    console.error(`codeduel judge: Python start-up failed, to be tried again: ${String(err).slice(0, 1000)}`);
  }
}
