// Start-up of MicroPython in a fresh isolate, made cheap without sharing any state between
// submissions. Two per-thread caches, both of code and never of data:
//
// - V8 keeps compiled WebAssembly in a process-wide cache of native modules, but only while some
//   isolate still holds a module of the same bytes. Each submission's isolate is disposed before
//   the next exists, so without a holder every submission recompiled MicroPython's functions
//   lazily, as they were first called (about 8 ms per cold start here). A keeper isolate holds the
//   module for the life of the thread, and new isolates get the compiled code at once.
// - The glue is about 100 KB of JavaScript whose inner functions V8 compiles lazily, again per
//   isolate. A code cache made right after compiling holds only the top level; made after the
//   keeper has run a program, from the same source in the same isolate (V8's compilation cache
//   hands back the already-compiled functions), it holds every function start-up uses.
//
// JUDGE_PYTHON_STARTUP_CACHE=off skips both (to measure them, or if a V8 upgrade misbehaves).
// docs/BENCHMARKS.md records what each step saved and what did not help (an isolate snapshot:
// the snapshot creator has no WebAssembly, so it cannot be warmed).
import ivm from "isolated-vm";
import { loadMicroPythonAssets } from "./micropython.ts";
import { ENVIRONMENT, INITIAL_HEAP_BYTES, RUNTIME, setupProgram, utf8 } from "./runtime.ts";

const FILENAME = "micropython-runtime.js";
/** Our own start-up code only: no player code runs under these limits. */
const BOOT_TIMEOUT_MS = 5000;
const KEEPER_MEMORY_MB = 64;

interface Boot {
  /** The environment, the adapted glue and our runtime, evaluated once per isolate. */
  source: string;
  wasm: ivm.ExternalCopy<ArrayBuffer>;
  /** V8 code cache of `source` after a warm-up run, when V8 produced one. */
  cache?: ivm.ExternalCopy<ArrayBuffer> | undefined;
  /** Holds the compiled module so V8 keeps it in its cache; never disposed while the thread lives. */
  keeper?: { isolate: ivm.Isolate; context: ivm.Context } | undefined;
}

let booting: Promise<Boot> | undefined;

/** A fresh context in `isolate` with the source evaluated (only our own code runs). */
async function evaluate(
  isolate: ivm.Isolate,
  boot: Pick<Boot, "source" | "wasm">,
  cachedData?: ivm.ExternalCopy<ArrayBuffer>,
): Promise<ivm.Context> {
  // One asynchronous call per isolate, the rest synchronous. With every call into a submission's
  // isolate synchronous, isolated-vm aborted the process ("IsolateEnvironment::GetCurrent():
  // environment != nullptr") when the thread exited after several hundred submissions; one call
  // through its own thread per isolate kept 3,000 in a row clean (workers/judge/bench/python.ts
  // ends by destroying its pool, and so shows it).
  const context = await isolate.createContext();
  context.global.setSync("__codeduelWasm", boot.wasm.copyInto({ release: false }));
  const script = isolate.compileScriptSync(boot.source, { filename: FILENAME, ...(cachedData ? { cachedData } : {}) });
  script.runSync(context, { timeout: BOOT_TIMEOUT_MS });
  script.release();
  return context;
}

/** Runs a trivial program twice in the keeper, then takes the code cache of the warmed source. */
async function warm(boot: Boot): Promise<Boot> {
  const keeper = new ivm.Isolate({ memoryLimit: KEEPER_MEMORY_MB });
  try {
    const context = await evaluate(keeper, boot);
    // Each round is what a submission does: a fresh interpreter, the set-up, then two tests.
    const calls: [string, string][] = [
      ["__codeduelRun", setupProgram("def f(a):\n    return [a, str(a)]\n", "f", 1024)],
      ["__codeduelTest", "[1]"],
      ["__codeduelTest", "[1]"],
    ];
    for (let i = 0; i < 2; i++) {
      await context.eval(`__codeduelStart(${INITIAL_HEAP_BYTES}, ${32 * 1024 * 1024}, 1024)`, { timeout: BOOT_TIMEOUT_MS });
      const replies: string[] = [];
      for (const [entry, text] of calls) {
        const reply = await context.evalClosure(`return ${entry}($0)`, [utf8(text)], {
          timeout: BOOT_TIMEOUT_MS,
          arguments: { copy: true },
          result: { copy: true },
        });
        replies.push(String(reply));
      }
      if (!replies[0]?.includes('"result":"r"') || !replies[2]?.includes('"result":"v[1,\\"1\\"]"')) {
        throw new Error(`MicroPython warm-up failed: ${replies.join(" ").slice(0, 300)}`);
      }
    }
    // isolated-vm's typings leave the produced cache off `Script`; it is there at run time.
    const again: ivm.Script & ivm.CachedDataResult = await keeper.compileScript(boot.source, {
      filename: FILENAME,
      produceCachedData: true,
    });
    again.release();
    // The warm-up's interpreters are garbage now; the runtime's closure keeps the compiled module.
    return { ...boot, cache: again.cachedData, keeper: { isolate: keeper, context } };
  } catch (err) {
    keeper.dispose();
    throw err;
  }
}

function boot(): Promise<Boot> {
  booting ??= (async () => {
    const { glue, wasm } = loadMicroPythonAssets();
    const plain: Boot = { source: `${ENVIRONMENT}\n${glue}\n${RUNTIME}`, wasm };
    if (process.env.JUDGE_PYTHON_STARTUP_CACHE === "off") return plain;
    // Without the caches Python is still judged correctly, only with a slower start.
    return warm(plain).catch((err: unknown) => {
      console.error(`codeduel judge: MicroPython start-up cache unavailable: ${String(err)}`);
      return plain;
    });
  })();
  return booting;
}

/** Starts the warm-up early (a judge thread calls it once at load), so no submission pays for it. */
export async function warmMicroPython(): Promise<void> {
  await boot();
}

/** A context in `isolate` with MicroPython's runtime loaded: `__codeduelStart`, `__codeduelRun`, `__codeduelTest`. */
export async function bootContext(isolate: ivm.Isolate): Promise<ivm.Context> {
  const b = await boot();
  return evaluate(isolate, b, b.cache);
}
