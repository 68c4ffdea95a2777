// The floor: a bare Go wasm program (js.Global(); a ready callback;
// select{}), built by the harness with credwasm's flags and loaded the way
// Go's own wasm_exec.html does: wasm_exec.js by a classic script, then
// WebAssembly.instantiateStreaming and go.run. t0 is the moment the script
// is added, as credwasm's t0 is the moment its import starts.
import { expose } from "../lib/harness.js";

const t0 = performance.now();

function script(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error("could not load " + src));
    document.head.append(s);
  });
}

async function start() {
  await script("/floor/wasm_exec.js"); // as the toolchain ships it
  window.benchProbe.mark("imported");
  const go = new Go();
  const { instance } = await WebAssembly.instantiateStreaming(fetch("/floor/floor.wasm"), go.importObject);
  await new Promise((resolve) => {
    globalThis.__floorReady = resolve;
    go.run(instance);
  });
  delete globalThis.__floorReady;
}

expose({ t0, ready: start() });
