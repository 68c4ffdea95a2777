// Contender: the official Dfns browser signer (@dfns/sdk-browser
// WebAuthnSigner) with @dfns/sdk's DfnsApiClient, as Dfns documents it.
// Its client sends its own extra headers (x-dfns-appid, x-dfns-nonce,
// x-dfns-sdk-version) on the same two calls.
import { DfnsApiClient } from "@dfns/sdk";
import { WebAuthnSigner } from "@dfns/sdk-browser";
import { expose } from "../lib/harness.js";

expose({
  ready: Promise.resolve(),
  async ceremony(baseUrl, code) {
    const rp = { id: location.hostname, name: location.hostname };
    const api = new DfnsApiClient({ baseUrl, appId: "", signer: new WebAuthnSigner({ relyingParty: rp }) });
    const challenge = await api.auth.createCredentialChallengeWithCode({ body: { credentialKind: "Fido2", code } });
    const attestation = await new WebAuthnSigner({ relyingParty: rp }).create(challenge);
    return api.auth.createCredentialWithCode({
      body: { challengeIdentifier: challenge.challengeIdentifier, credentialName: "bench", ...attestation },
    });
  },
});
