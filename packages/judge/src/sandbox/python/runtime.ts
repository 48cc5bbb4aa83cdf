// What runs inside the isolate for a Python submission: a JS runtime (after the adapted MicroPython
// glue) that starts a fresh MicroPython instance per submission with its host bridge cut off, and
// the Python harness that compiles the player's code, runs each test in fresh module globals and
// JSON-encodes the result.

/** MicroPython's own Python stack, in bytes: about 1,000 nested calls of a small recursive function. */
export const PYSTACK_BYTES = 64 * 1024;
/** Initial MicroPython heap; it grows in split areas up to the memory cap. */
export const INITIAL_HEAP_BYTES = 1024 * 1024;
/** Printed output kept per test for display; more is counted against the output cap, not kept. */
export const SHOWN_OUTPUT_BYTES = 2048;

/**
 * Runs once per isolate, before the glue: what the glue expects of a web worker. Its own UTF-8
 * fallback is used when there is no TextDecoder, so none is provided.
 */
export const ENVIRONMENT = `globalThis.WorkerGlobalScope = function WorkerGlobalScope() {};
globalThis.crypto = Object.freeze({ getRandomValues(a) { for (let i = 0; i < a.length; i++) a[i] = (Math.random() * 4294967296) >>> 0; return a; } });
`;

/**
 * Runs once per isolate, after the glue. Exposes three calls: `__codeduelStart` builds a fresh
 * MicroPython (fresh wasm instance and memory, fresh Python heap) whose start-up finishes in the
 * microtasks that run when that call returns, once per submission (again only after a test broke
 * the interpreter); `__codeduelRun` runs a program in it (the harness set-up) and `__codeduelTest`
 * runs one test on its input (JSON), both given as UTF-8 bytes; each returns a JSON string, and
 * printed output is counted and kept per call.
 *
 * The wasm imports through which Python reaches JavaScript objects (the `js` module and `jsffi`
 * proxies of the PyScript variant) are replaced before instantiation by a function that throws, so
 * no route from Python to the isolate's globals exists; `proxy_js_ref[0]` (the object behind the
 * `js` module) is an empty frozen object as a second layer. File syscalls are refused: `open()`
 * raises OSError instead of filling the glue's in-memory filesystem. Growth of the wasm memory is
 * refused beyond the cap, so MicroPython raises MemoryError.
 */
export const RUNTIME = `(() => {
  "use strict";
  const wasmModule = new WebAssembly.Module(globalThis.__codeduelWasm);
  delete globalThis.__codeduelWasm;
  const create = _createMicroPythonModule;
  const stringify = JSON.stringify;
  const DENIED = "codeduel: host bridge denied";
  const OUTPUT = "codeduel: output limit";
  const deny = () => { throw new Error(DENIED); };
  const BRIDGE = ["call0", "call1", "call2", "calln", "call0_kwarg", "calln_kwarg", "lookup_attr", "store_attr",
    "has_attr", "js_subscr_load", "js_subscr_store", "js_get_iter", "js_iter_next", "js_reflect_construct",
    "js_then_resolve", "js_then_reject", "js_then_continue", "create_promise",
    "proxy_convert_mp_to_js_then_js_to_mp_obj_jsside", "proxy_convert_mp_to_js_then_js_to_js_then_js_to_mp_obj_jsside"];
  const FILES = ["__syscall_openat", "__syscall_mkdirat", "__syscall_renameat", "__syscall_rmdir",
    "__syscall_unlinkat", "__syscall_chdir", "__syscall_getdents64"];
  const EACCES = 2;
  const INVOKES = ["invoke_i", "invoke_ii", "invoke_iii", "invoke_iiii", "invoke_iiiii", "invoke_iiiiii",
    "invoke_v", "invoke_vi", "invoke_vii", "invoke_viii", "invoke_viiii"];
  const empty = Object.freeze(Object.create(null));
  const decode = (bytes) => {
    let s = "";
    for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode.apply(null, bytes.slice(i, i + 4096));
    try { return decodeURIComponent(escape(s)); } catch { return s; }
  };
  let current;
  let startError;
  Object.defineProperty(globalThis, "__codeduelStart", { value(initialHeap, maxMemory, outputCap) {
    current = undefined;
    startError = undefined;
    const state = { M: undefined, x: undefined, names: undefined, shown: [], total: 0, overflow: false };
    const onByte = (c) => {
      // The glue turns a throw here into an OSError the player could catch: the flag decides.
      if (++state.total > outputCap) { state.overflow = true; throw new Error(OUTPUT); }
      if (state.shown.length < ${SHOWN_OUTPUT_BYTES}) state.shown.push(c);
    };
    create({
      stdout: onByte,
      stderr: onByte,
      instantiateWasm(info, receive) {
        const env = info.env;
        for (const name of BRIDGE) env[name] = deny;
        for (const name of FILES) env[name] = () => -EACCES;
        // The glue turns a throw from the output callback into an OSError; the next raise (that
        // OSError, which would otherwise be catchable) ends the run instead.
        const longjmp = env._emscripten_throw_longjmp;
        env._emscripten_throw_longjmp = (...args) => {
          if (state.overflow) throw new Error(OUTPUT);
          return longjmp(...args);
        };
        const resize = env.emscripten_resize_heap;
        env.emscripten_resize_heap = (requested) => ((requested >>> 0) > maxMemory ? 0 : resize(requested));
        // MicroPython's non-local returns are Emscripten's JavaScript setjmp: every Python call
        // goes through one of these. The glue's versions check the function table twice per call
        // (an ASSERTIONS build); these do what they do without the checks.
        let x;
        const invoke = (index, args) => {
          const sp = x.emscripten_stack_get_current();
          try {
            return x.__indirect_function_table.get(index)(...args);
          } catch (e) {
            x._emscripten_stack_restore(sp);
            if (e !== e + 0) throw e;
            x.setThrew(1, 0);
          }
        };
        for (const name of INVOKES) env[name] = (index, ...args) => invoke(index, args);
        const instance = new WebAssembly.Instance(wasmModule, info);
        x = instance.exports;
        state.x = x;
        receive(instance, wasmModule);
        return instance.exports;
      },
    }).then((M) => {
      // The glue's proxy helpers reach the module and their tables through globals.
      globalThis.Module = M;
      proxy_js_init();
      globalThis.proxy_js_ref[0] = empty;
      globalThis.proxy_js_ref_map = new Map([[empty, 0]]);
      globalThis.pyProxyFinalizationRegistry = { register() {} };
      M.ccall("mp_js_init", "null", ["number", "number"], [${PYSTACK_BYTES}, initialHeap]);
      M.ccall("proxy_c_init", "null", [], []);
      // The two names every run looks up, written once into the wasm memory.
      const name = (text) => {
        const at = state.x.malloc(text.length + 1);
        M.stringToUTF8(text, at, text.length + 1);
        return at;
      };
      state.names = { main: name("__main__"), result: name("__codeduel_result") };
      state.M = M;
      current = state;
    }, (e) => { startError = String(e); });
    return "s";
  } });
  // The interpreter ends with any run that did not return through the harness (a host bridge
  // denied, the output cap, a trap or an overflowed C stack unwound the wasm stack and left its
  // state undefined): the host starts a fresh one before the next test.
  // Programs and inputs arrive as UTF-8 bytes and are copied into the wasm memory at once: a
  // character loop in a fresh isolate's cold code, or a test's input compiled as a Python string
  // literal, cost milliseconds on a large input.
  const run = (program, input) => {
    const state = current;
    if (!state) return stringify({ k: "i", message: "MicroPython did not start: " + String(startError) });
    const M = state.M;
    state.shown = [];
    state.total = 0;
    const output = () => ({ out: decode(state.shown), outBytes: state.total });
    const end = (reply) => {
      if (reply.k !== "r") current = undefined;
      return stringify(reply);
    };
    globalThis.Module = M;
    // The wasm exports are called directly: the glue's ccall and export wrappers add argument
    // conversion and ASSERTIONS checks that cost more than the call on a cold isolate.
    const x = state.x;
    const copyIn = (bytes) => {
      const at = x.malloc(bytes.length + 1);
      const heap = new Uint8Array(x.memory.buffer);
      heap.set(bytes, at);
      heap[at + bytes.length] = 0;
      return at;
    };
    try {
      let inputAt = 0;
      if (input) {
        // The harness reads the input where it lies (uctypes), so it is never compiled.
        inputAt = copyIn(input);
        const call = "__codeduel_result = __codeduel_main(" + inputAt + ", " + input.length + ")\\n";
        program = new Uint8Array(call.length);
        for (let i = 0; i < call.length; i++) program[i] = call.charCodeAt(i);
      }
      const buf = copyIn(program);
      const value = x.malloc(12);
      x.mp_js_do_exec(buf, program.length, value);
      x.free(buf);
      if (inputAt) x.free(inputAt);
      try {
        proxy_convert_mp_to_js_obj_jsside_with_free(value);
      } catch (e) {
        // An exception that escaped the harness: only MemoryError can (storing the result).
        if (state.overflow) return end({ k: "o", ...output() });
        return end({ k: e && e.type === "MemoryError" ? "m" : "i", message: String(e && e.message).slice(0, 2000), ...output() });
      }
      const ref = x.malloc(12);
      x.mp_js_do_import(state.names.main, ref);
      const main = M.getValue(ref + 4, "i32");
      x.free(ref);
      const res = x.malloc(12);
      x.proxy_c_to_js_lookup_attr(main, state.names.result, res);
      const result = proxy_convert_mp_to_js_obj_jsside_with_free(res);
      if (state.overflow) return end({ k: "o", ...output() });
      if (typeof result !== "string") return end({ k: "i", message: "no result", ...output() });
      return end({ k: "r", result, ...output() });
    } catch (e) {
      const message = e && typeof e.message === "string" ? e.message : String(e);
      if (message === DENIED) return end({ k: "h", ...output() });
      if (message === OUTPUT || state.overflow) return end({ k: "o", ...output() });
      return end({ k: "x", message: message.slice(0, 500), ...output() });
    } finally {
      globalThis.Module = undefined;
    }
  };
  Object.defineProperty(globalThis, "__codeduelRun", { value: (program) => run(program, undefined) });
  Object.defineProperty(globalThis, "__codeduelTest", { value: (input) => run(undefined, input) });
})();
`;

/** A Python string literal for any JS string: escapes quotes, backslashes and control characters. */
export function pyString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === "\\" || ch === '"') out += `\\${ch}`;
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * The harness, compiled once per interpreter (so once per submission unless a test broke the
 * interpreter): `__codeduel_setup` compiles the player's code once, as "solution.py" so tracebacks
 * carry the player's own line numbers, and `__codeduel_main` runs one test. Each test executes the
 * player's module again in a fresh globals dict, and `sys.modules`, `sys.path` and the harness's
 * own module (`import __main__`) are put back after it, so a module-level list, a memo dict or a
 * registered module starts empty in every test. What a program could still carry from test to test
 * (a `builtins` override, raw memory through `uctypes`) is only what its own earlier tests gave it:
 * hidden tests run in a fresh random order and their expected values never enter the isolate.
 * Describing an exception (and importing `io` for its traceback) is compiled only when there is
 * one to describe. Results go back JSON-encoded with a one-letter kind: v(alue), n(o function),
 * c(ompile error), e(xception), m(emory), o(utput too large); setup answers r(eady) when the
 * code compiled. Exception text is taken inside the interpreter under the test's time limit (a looping
 * `__str__` is a time limit, a huge one a MemoryError caught here).
 */
const HARNESS = `import sys, json, uctypes
sys.modules["js"] = None
sys.modules["jsffi"] = None
sys.modules["os"] = None
__codeduel_result = None
__codeduel_code = None
__codeduel_name = None
__codeduel_max = 0
__codeduel_globals = None
__codeduel_describe_src = """
def describe(e):
    try:
        t = type(e).__name__
    except BaseException:
        t = "Exception"
    try:
        m = str(e)[:2000]
    except BaseException:
        m = "(an exception that cannot be printed)"
    try:
        import io
        b = io.StringIO()
        sys.print_exception(e, b)
        tb = b.getvalue()[:8000]
    except BaseException:
        tb = ""
    return json.dumps([t, m, tb])
"""
def __codeduel_describe(e):
    try:
        g = {"sys": sys, "json": json}
        exec(__codeduel_describe_src, g)
        return g["describe"](e)
    except BaseException:
        return '["Exception", "(an exception that cannot be printed)", ""]'
def __codeduel_setup(src, name, max_bytes):
    global __codeduel_code, __codeduel_name, __codeduel_max, __codeduel_globals
    try:
        __codeduel_code = compile(src, "solution.py", "exec")
    except MemoryError:
        return "m"
    except SyntaxError as e:
        return "c" + __codeduel_describe(e)
    __codeduel_name = name
    __codeduel_max = max_bytes
    # What every test gets back (the snapshot holds itself, so restoring it keeps it).
    keep = dict(globals())
    keep["__codeduel_globals"] = keep
    __codeduel_globals = keep
    return "r"
def __codeduel_test(at, n):
    g = {"__name__": "__main__"}
    try:
        exec(__codeduel_code, g)
        f = g.get(__codeduel_name)
        if not callable(f):
            return "n"
        args = json.loads(bytes(uctypes.bytearray_at(at, n)))
        r = f(*args)
        if isinstance(r, str) and len(r) > __codeduel_max:
            return "o"
        t = json.dumps(r, separators=(",", ":"))
    except MemoryError:
        return "m"
    except BaseException as e:
        return "e" + __codeduel_describe(e)
    if len(t) > __codeduel_max:
        return "o"
    return "v" + t
def __codeduel_main(at, n):
    modules = dict(sys.modules)
    path = list(sys.path)
    try:
        return __codeduel_test(at, n)
    finally:
        sys.modules.clear()
        sys.modules.update(modules)
        sys.path.clear()
        sys.path.extend(path)
        keep = __codeduel_globals
        g = globals()
        for k in [k for k in g if k not in keep]:
            del g[k]
        g.update(keep)
`;

/** The program that loads the harness into a fresh interpreter and compiles the player's code. */
export function setupProgram(code: string, functionName: string, maxBytes: number): string {
  return `${HARNESS}__codeduel_result = __codeduel_setup(${pyString(code)}, ${pyString(functionName)}, ${maxBytes})\n`;
}

const encoder = new TextEncoder();

/** Text as `__codeduelRun` and `__codeduelTest` take it: UTF-8 bytes (a plain Uint8Array, encoded once). */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}
