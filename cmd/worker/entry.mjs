// The Worker's entry (wrangler.jsonc "main"): it routes, Go answers the API.
//
//   /dfns/*  -> the Go handler (main.go under syumai/workers): the Dfns proxy
//   *.wasm   -> its precompressed twin from the static assets (FILE.wasm.br or
//               .gz, written by `make build`), as application/wasm
//   the rest -> the static assets: the demo page (web/) and the package (js/)
//
// Why the .wasm is served here and not by Go: a precompressed body must be
// sent with encodeBody: "manual" (else the runtime compresses it again;
// https://developers.cloudflare.com/workers/runtime-apis/response/), which
// syumai/workers' Response cannot say; and starting a Go runtime to pass a
// static file through would cost every page load its CPU time. Cloudflare's
// own compression of assets happens at the edge only, never in workerd, and
// at a lower level than the build's brotli 11.
import goWorker from "./build/worker.mjs";

// The encodings of the twins, best first.
const twins = [
  { encoding: "br", suffix: ".br" },
  { encoding: "gzip", suffix: ".gz" },
];

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/dfns/")) {
      return goWorker.fetch(request, env, ctx);
    }
    if (url.pathname.endsWith(".wasm") && (request.method === "GET" || request.method === "HEAD")) {
      const twin = await precompressed(request, env, url);
      if (twin) return twin;
    }
    return env.ASSETS.fetch(request);
  },
};

// precompressed answers with the best twin the client accepts, or null
// (no twin, or an encoding the client does not take: the plain file then).
async function precompressed(request, env, url) {
  // On Cloudflare the Worker sees a normalized Accept-Encoding; the
  // client's own is request.cf.clientAcceptEncoding.
  const accepted = acceptedEncodings(request.cf?.clientAcceptEncoding ?? request.headers.get("Accept-Encoding") ?? "");
  for (const { encoding, suffix } of twins) {
    if (!accepted.has(encoding)) continue;
    // Same method and headers (If-None-Match: the twin's ETag revalidates).
    const res = await env.ASSETS.fetch(new Request(new URL(url.pathname + suffix, url), request));
    if (res.status !== 200 && res.status !== 304) continue;
    const headers = new Headers(res.headers);
    headers.set("Content-Type", "application/wasm");
    headers.set("Content-Encoding", encoding);
    headers.append("Vary", "Accept-Encoding");
    return new Response(res.body, { status: res.status, headers, encodeBody: "manual" });
  }
  return null;
}

// acceptedEncodings parses Accept-Encoding, leaving out q=0.
function acceptedEncodings(header) {
  const out = new Set();
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p))) continue;
    if (name) out.add(name.trim());
  }
  return out;
}
