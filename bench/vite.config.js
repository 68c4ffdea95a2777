// `vite build` of the credwasm-vite page (bench/vite) into out/vite, served
// at /vite/. "credwasm" resolves to the built package in js/, as an app's
// node_modules/credwasm would: Vite bundles the loader and wasm_exec.js
// into one chunk and emits the .wasm it finds through
// new URL("./credwasm.wasm", import.meta.url) as an asset.
import { fileURLToPath } from "node:url";

export default {
  root: fileURLToPath(new URL("./vite", import.meta.url)),
  base: "/vite/",
  logLevel: "error", // not the warning that /lib/probe.js (a classic script, on purpose) is not bundled
  resolve: { alias: { credwasm: fileURLToPath(new URL("../js/credwasm.js", import.meta.url)) } },
  build: { outDir: fileURLToPath(new URL("./out/vite", import.meta.url)), emptyOutDir: true, target: "es2022" },
};
