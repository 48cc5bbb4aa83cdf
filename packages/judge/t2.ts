import ivm from "isolated-vm";
const code = process.argv[2]!;
const iso = new ivm.Isolate({ memoryLimit: 32, onCatastrophicError: (m) => console.log("catastrophic", m) });
const ctx = await iso.createContext();
const t = Date.now();
const timer = setInterval(() => { try { console.log("heap", Math.round(iso.getHeapStatisticsSync().used_heap_size/1e6), "MB", Date.now()-t, "ms") } catch(e) { console.log('stat err', (e as Error).message) } }, 500);
try {
  await ctx.eval(code, { timeout: 3000 });
} catch (e) { console.log("err", (e as Error).message, iso.isDisposed, Date.now() - t, "ms"); }
clearInterval(timer);
