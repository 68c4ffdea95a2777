// Contender: the pure-JS baseline (bench/lib/dfns-baseline.js).
import { createCredentialSigned, createPasskey, registerWithCode, toCreationOptions } from "../lib/dfns-baseline.js";
import { expose } from "../lib/harness.js";

let token;
expose({
  ready: Promise.resolve(),
  ceremony: (baseUrl, code) => registerWithCode(baseUrl, code, "bench"),
  create: (baseUrl, t) => createPasskey(baseUrl, (token = t)),
  approve: (baseUrl, made) => createCredentialSigned(baseUrl, token, made, "bench"),
  convert: (challenge) => toCreationOptions(challenge),
});
