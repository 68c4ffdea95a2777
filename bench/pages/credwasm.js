// Contender: credwasm, loaded unbundled from /credwasm/ exactly as a page's
// <script type="module"> would (the import stays external in the bundle).
import { load } from "/credwasm/credwasm.js";
import { expose } from "../lib/harness.js";

const cw = load();

expose({
  ready: cw,
  async ceremony(baseUrl, code) {
    const w = await cw;
    const client = w.client({ baseUrl, authToken: "" });
    const challenge = await client.createCredentialChallengeWithCode({ kind: "Fido2", code });
    const attestation = await w.createFido2(challenge);
    return client.createCredentialWithCode({ challengeIdentifier: challenge.challengeIdentifier, credentialName: "bench", ...attestation });
  },
  // toCreationOptions is synchronous; the instance is resolved by then.
  convert: (() => {
    let w;
    cw.then((v) => (w = v));
    return (challenge) => w.toCreationOptions(challenge);
  })(),
});
