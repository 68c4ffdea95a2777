// Contender: credwasm bundled by `vite build` as an app ships it: the
// package's import() becomes Vite's chunk (loader + wasm_exec.js) and its
// .wasm an asset beside it (see bench/vite.config.js).
import { exposeCredwasm } from "../lib/credwasm-contender.js";

exposeCredwasm(performance.now(), import("credwasm"));
