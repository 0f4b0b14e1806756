// Builds a consumer app with webpack 5 (the pinned npm tool, through its Node API: no CLI
// needed) from the package's bundler target, the way wasm-pack documents it:
// `experiments.asyncWebAssembly`, the glue importing the .wasm as a module.
// Usage: node webpack.build.mjs APP_DIR OUT_DIR (APP_DIR holds app.js and
// node_modules/siterecovery; OUT_DIR gets bundle.js and the wasm).
import { createRequire } from "node:module";
import path from "node:path";

// webpack is installed by `cargo xtask setup` into the repository's .tools/.
const require = createRequire(new URL("../../../.tools/package.json", import.meta.url));
const webpack = require("webpack");

const [app, out] = process.argv.slice(2).map((p) => path.resolve(p));
const config = {
  mode: "production",
  context: app,
  entry: "./app.js",
  output: { path: out, filename: "bundle.js", publicPath: "", clean: true },
  experiments: { asyncWebAssembly: true },
  performance: { hints: false },
};
const stats = await new Promise((resolve, reject) => webpack(config, (err, s) => (err ? reject(err) : resolve(s))));
console.log(stats.toString({ colors: false, modules: false }));
process.exit(stats.hasErrors() ? 1 : 0);
