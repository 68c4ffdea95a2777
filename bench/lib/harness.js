// The contract between a bench page and the Go harness (bench/*.go): each
// contender page calls expose() once, and the harness drives window.bench.
// Every page loads the probe (lib/probe.js, window.benchProbe) first.
//
//   bench.ready             resolves when the contender can be used, with
//                           { ms: since the navigation began, importMs: since
//                           the page began importing it (t0), marks: the
//                           probe's milestones, resources: Resource Timing }
//   bench.ceremony(code)    the with-code registration of one passkey:
//                           POST /auth/credentials/code/init -> create() ->
//                           POST /auth/credentials/code/verify; resolves with
//                           { ms, credentialId, counts }, timed inside the page
//   bench.create(token)     the signed registration, first half: POST
//                           /auth/credentials/init -> create(); { ms, counts }
//   bench.approve()         its second half: createCredential approved by
//                           user action signing with the user's passkey
//                           (POST /auth/action/init -> get() -> POST
//                           /auth/action -> POST /auth/credentials);
//                           { ms, credentialId, counts }. The harness puts
//                           the passkey on the authenticator in between:
//                           create() must not see it (it is in
//                           excludeCredentials)
//   bench.convert(ch, n)    n challenge -> CredentialCreationOptions
//                           conversions; resolves with µs per call (optional)
//   bench.convertCounts(ch) the boundary counts of one conversion
//
// counts are the probe's boundary counters over the step (page URL with
// ?count), or null.
export function expose({ t0 = 0, ready, ceremony, create, approve, convert }) {
  const probe = window.benchProbe;
  const counted = async (fn) => {
    const before = probe.counting ? probe.snapshot() : null;
    probe.timeline.length = 0;
    const t = performance.now();
    const r = await fn();
    const ms = performance.now() - t;
    const timeline = probe.timeline.map(([what, at]) => [what, at - t]);
    return { r, ms, counts: before && diff(before, probe.snapshot()), timeline };
  };
  let pending; // what create() made, for approve()
  window.bench = {
    ready: ready.then(() => {
      const now = performance.now();
      const resources = performance.getEntriesByType("resource").map((e) => ({
        name: new URL(e.name).pathname, fetchStart: e.fetchStart, responseEnd: e.responseEnd,
        transferSize: e.transferSize, encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize,
      }));
      return { ms: now, importMs: now - t0, t0, marks: probe.marks, resources };
    }),
    async ceremony(code) {
      await ready;
      const { r, ms, counts, timeline } = await counted(() => ceremony(location.origin, code));
      return { ms, credentialId: r.credentialId, counts, timeline };
    },
    create: create && (async (token) => {
      await ready;
      const { r, ms, counts } = await counted(() => create(location.origin, token));
      pending = r;
      return { ms, counts };
    }),
    approve: approve && (async () => {
      const { r, ms, counts } = await counted(() => approve(location.origin, pending));
      pending = undefined;
      return { ms, credentialId: r.credentialId, counts };
    }),
    convert: convert && (async (challenge, n) => {
      await ready;
      convert(challenge); // warm up
      const t = performance.now();
      for (let i = 0; i < n; i++) convert(challenge);
      return ((performance.now() - t) * 1000) / n;
    }),
    convertCounts: convert && (async (challenge) => {
      await ready;
      convert(challenge);
      return (await counted(() => convert(challenge))).counts;
    }),
  };
}

function diff(a, b) {
  const calls = {};
  for (const [k, v] of Object.entries(b.calls)) if (v !== (a.calls[k] ?? 0)) calls[k] = v - (a.calls[k] ?? 0);
  return { calls, total: b.total - a.total, values: b.values - a.values, resumes: b.resumes - a.resumes };
}
