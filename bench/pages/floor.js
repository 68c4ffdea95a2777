// The floor: a bare Go wasm program (js.Global(); a ready callback;
// select{}), built by the harness with credwasm's flags and loaded the way
// credwasm's loader does it: streaming compile, instantiate, run until Go
// calls back.
import "/credwasm/wasm_exec.js";
import { expose } from "../lib/harness.js";

async function start() {
  const module = await WebAssembly.compileStreaming(fetch("/floor/floor.wasm"));
  const go = new Go();
  const inst = await WebAssembly.instantiate(module, go.importObject);
  await new Promise((resolve) => {
    globalThis.__floorReady = resolve;
    go.run(inst);
  });
  delete globalThis.__floorReady;
}

expose({ ready: start(), ceremony: () => Promise.reject(new Error("the floor does no ceremony")) });
