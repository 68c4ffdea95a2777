// The strict-CSP page's script (csp_test.go): loads the packaged entry
// and reports the outcome, so the test reads it without any script of its
// own in the page.
import { load } from "/credwasm/credwasm.js";

window.loaded = load().then(
  (cw) => {
    window.cw = cw;
    return { version: cw.version };
  },
  (e) => ({ error: { name: e.name, code: e.code, message: e.message, causeName: e.cause?.name } }),
);
