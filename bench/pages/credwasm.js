// Contender: credwasm, imported as a page imports the package: import() of
// the unbundled entry /credwasm/credwasm.js (which imports wasm_exec.js),
// then load(). t0 is the moment the import starts: "import → ready" is
// what the package costs a page that has already loaded its own code.
import { exposeCredwasm } from "../lib/credwasm-contender.js";

exposeCredwasm(performance.now(), import("/credwasm/credwasm.js"));
