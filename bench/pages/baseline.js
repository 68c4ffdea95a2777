// Contender: the pure-JS baseline (bench/lib/dfns-baseline.js).
import { registerWithCode, toCreationOptions } from "../lib/dfns-baseline.js";
import { expose } from "../lib/harness.js";

expose({
  ready: Promise.resolve(),
  ceremony: (baseUrl, code) => registerWithCode(baseUrl, code, "bench"),
  convert: (challenge) => toCreationOptions(challenge),
});
