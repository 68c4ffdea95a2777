// `vite build` needs no configuration for credwasm. The dev server
// (`npx vite`) pre-bundles dependencies into node_modules/.vite, away from
// credwasm.wasm; excluding the package keeps its new URL("./credwasm.wasm",
// import.meta.url) pointing at the file.
export default {
  optimizeDeps: { exclude: ["credwasm"] },
};
