// Nothing credwasm needs: webpack 5 turns the package's
// new URL("./credwasm.wasm", import.meta.url) into an asset module by
// itself and emits the .wasm beside the bundle (dist/[hash].wasm); the
// default publicPath ("auto") finds it from the script's own URL.
export default {
  mode: "production",
  entry: "./src/main.js",
  output: { clean: true },
  // Optional: webpack's size hint measures the raw .wasm (3 MB), not the
  // ~650 KB a compressing host sends; keep the hint for the JS only.
  performance: { assetFilter: (name) => !name.endsWith(".wasm") },
};
