// Loads the MicroPython WebAssembly port (npm `@micropython/micropython-webassembly-pyscript`) for
// use inside an isolated-vm isolate. The package ships an ES module written for browsers and Node;
// an isolate runs classic scripts with no module loader, fetch or filesystem, so the glue is
// adapted here, at load time, from the installed package (never a vendored, patched copy).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import ivm from "isolated-vm";

export const MICROPYTHON_PACKAGE = "@micropython/micropython-webassembly-pyscript";

interface Loaded {
  /** The glue as a classic script that defines `_createMicroPythonModule` and the proxy helpers. */
  glue: string;
  /** The wasm bytes, copied into each isolate without a copy on the host heap. */
  wasm: ivm.ExternalCopy<ArrayBuffer>;
}

let loaded: Loaded | undefined;

/** Each rewrite must match exactly as often as expected, so a changed package fails loudly. */
function rewrite(source: string, from: string | RegExp, to: string, count: number): string {
  const pattern = typeof from === "string" ? new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g") : from;
  const found = source.match(pattern)?.length ?? 0;
  if (found !== count) throw new Error(`MicroPython glue: expected ${count} of ${String(from)}, found ${found}`);
  return source.replace(pattern, to);
}

/** The glue's ES-module syntax turned into a classic script. */
export function adaptGlue(source: string): string {
  let s = source;
  // No module URL inside an isolate; the glue only uses it to locate files it will never fetch.
  s = rewrite(s, "import.meta.url", '"file:///micropython/micropython.mjs"', 4);
  s = rewrite(s, "export default _createMicroPythonModule;", "", 1);
  s = rewrite(s, "export async function loadMicroPython(", "async function loadMicroPython(", 1);
  // Node-only branches (never taken: the isolate has no `process`) use `await import(...)`, which a
  // script may not contain at top level.
  s = rewrite(s, "await import(", "import(", 4);
  // The package is built with Emscripten's ASSERTIONS, which defines a throwing getter on the
  // module object for each of about 300 runtime symbols it does not export, only to explain the
  // mistake to a developer who reaches for one. Building those accessors was the largest single
  // cost of starting an interpreter in a fresh isolate; nothing we run reads them.
  s = rewrite(s, "function unexportedRuntimeSymbol(sym){", "function unexportedRuntimeSymbol(sym){return;", 1);
  return s;
}

export function loadMicroPythonAssets(): Loaded {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve(`${MICROPYTHON_PACKAGE}/package.json`));
  const glue = adaptGlue(readFileSync(join(dir, "micropython.mjs"), "utf8"));
  const bytes = readFileSync(join(dir, "micropython.wasm"));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  loaded = { glue, wasm: new ivm.ExternalCopy(buffer) };
  return loaded;
}
