// Loads CPython (npm `pyodide`: CPython compiled to WebAssembly with its Emscripten glue and the
// standard library as a zip) for use inside isolated-vm isolates. The glue is an ES module written
// for browsers, Node and JavaScript shells; an isolate runs classic scripts, so it is adapted here,
// at load time, from the installed package (never a vendored, patched copy), and each rewrite must
// match exactly as often as expected so a changed package fails loudly.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import ivm from "isolated-vm";

export const PYODIDE_PACKAGE = "pyodide";

export interface PyodideAssets {
  version: string;
  /** Pyodide's build id, which its snapshots carry. */
  buildId: string;
  /** The glue as a classic script that defines `_createPyodideModule`. */
  glue: string;
  /** The compiled wasm module (compiled once per thread; V8 shares the code between threads). */
  wasm: ivm.ExternalCopy<object>;
  /** The standard library zip, written into each interpreter's in-memory file system. */
  stdlib: ivm.ExternalCopy<ArrayBuffer>;
  /** pyodide-lock.json, which Pyodide's own start-up reads (only when a snapshot is made). */
  lock: string;
}

let loaded: PyodideAssets | undefined;

function rewrite(source: string, from: string, to: string, count: number): string {
  const found = source.split(from).length - 1;
  if (found !== count) throw new Error(`Pyodide glue: expected ${count} of ${from}, found ${found}`);
  return source.replaceAll(from, to);
}

/** The glue's ES-module syntax turned into a classic script, and one start-up cost removed. */
export function adaptGlue(source: string): string {
  let s = source;
  // No module URL inside an isolate; the glue only uses it to locate files it is never asked for.
  s = rewrite(s, "import.meta.url", '"file:///pyodide/pyodide.asm.mjs"', 3);
  s = rewrite(s, "export default _createPyodideModule;", "", 1);
  // For dynamic linking, the glue puts every one of the main module's ~8,500 exported functions in
  // the function table and the global offset table at start-up: 40 ms per interpreter, for
  // extension modules loaded later with dlopen, which the sandbox refuses. The ~280 symbols the main
  // module itself imports through the GOT are still resolved (reportUndefinedSymbols), and the
  // snapshot is made with this same glue, so the table matches the function pointers it holds.
  s = rewrite(s, "updateGOT(origExports);", "", 1);
  return s;
}

/** The bytes of a view as an ArrayBuffer of their own: its buffer when the view covers all of it (no copy). */
export function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
}

export function loadPyodideAssets(): PyodideAssets {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve(`${PYODIDE_PACKAGE}/package.json`));
  const version = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
  const loader = readFileSync(join(dir, "pyodide.mjs"), "utf8");
  const buildId = /BUILD_ID:\s*"([0-9a-f]{64})"/.exec(loader)?.[1];
  if (!buildId) throw new Error("Pyodide loader: no BUILD_ID found");
  const glue = adaptGlue(readFileSync(join(dir, "pyodide.asm.mjs"), "utf8"));
  // Node's typings leave out the WebAssembly namespace; this is V8's own.
  const { WebAssembly } = globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object } };
  const module = new WebAssembly.Module(readFileSync(join(dir, "pyodide.asm.wasm")));
  loaded = {
    version,
    buildId,
    glue,
    wasm: new ivm.ExternalCopy(module),
    stdlib: new ivm.ExternalCopy(arrayBufferOf(readFileSync(join(dir, "python_stdlib.zip")))),
    lock: readFileSync(join(dir, "pyodide-lock.json"), "utf8"),
  };
  return loaded;
}
