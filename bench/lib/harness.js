// The contract between a bench page and the Go harness (bench/*.go): each
// contender page calls expose() once, and the harness drives window.bench.
//
//   bench.ready             resolves with performance.now() (ms since the
//                           navigation started) when the contender can be used
//   bench.ceremony(code)    the with-code registration of one passkey:
//                           POST /auth/credentials/code/init -> create() ->
//                           POST /auth/credentials/code/verify; resolves with
//                           { ms, credentialId }, timed inside the page
//   bench.convert(ch, n)    n challenge -> CredentialCreationOptions
//                           conversions; resolves with µs per call (optional)
export function expose({ ready, ceremony, convert }) {
  window.bench = {
    ready: ready.then(() => performance.now()),
    async ceremony(code) {
      await ready;
      const t0 = performance.now();
      const credential = await ceremony(location.origin, code);
      return { ms: performance.now() - t0, credentialId: credential.credentialId };
    },
    convert: convert && (async (challenge, n) => {
      await ready;
      convert(challenge); // warm up
      const t0 = performance.now();
      for (let i = 0; i < n; i++) convert(challenge);
      return ((performance.now() - t0) * 1000) / n;
    }),
  };
}
