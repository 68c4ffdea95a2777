// credwasm as a contender, whichever way the page got the package: the
// unbundled entry (pages/credwasm.js) or Vite's chunk (vite/main.js).
// imported is the import() of the package, started at t0.
import { expose } from "./harness.js";

export function exposeCredwasm(t0, imported) {
  const cw = imported.then((m) => {
    window.benchProbe.mark("imported");
    return m.load();
  });
  let client;
  expose({
    t0,
    ready: cw,
    async ceremony(baseUrl, code) {
      const w = await cw;
      const client = w.client({ baseUrl, authToken: "" });
      const challenge = await client.createCredentialChallengeWithCode({ kind: "Fido2", code });
      const attestation = await w.createFido2(challenge);
      return client.createCredentialWithCode({ challengeIdentifier: challenge.challengeIdentifier, credentialName: "bench", ...attestation });
    },
    // The README's flow: the challenge, createFido2, then createCredential
    // approved with one of the user's passkeys.
    async create(baseUrl, token) {
      const w = await cw;
      client = w.client({ baseUrl, authToken: token });
      const challenge = await client.createCredentialChallenge({ kind: "Fido2" });
      return { challenge, attestation: await w.createFido2(challenge) };
    },
    approve: (baseUrl, { challenge, attestation }) =>
      client.createCredential(
        { challengeIdentifier: challenge.challengeIdentifier, credentialName: "bench", ...attestation },
        { signer: { kind: "Fido2" } },
      ),
    // toCreationOptions is synchronous; the instance is resolved by then.
    convert: (() => {
      let w;
      cw.then((v) => (w = v));
      return (challenge) => w.toCreationOptions(challenge);
    })(),
  });
}
