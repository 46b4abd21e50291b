// Copy the front-end files that the built book serves itself into book/_offline/.
//
// Runs as the npm `postinstall` script (`npm ci` or `npm install`). The book's
// _config.yml names book/_offline in `html_static_path`, so everything copied here
// ends up under _build/html/_static/ and no page has to fetch MathJax, RequireJS or
// the Jupyter widgets manager from a CDN. The folder is rebuilt from scratch on every
// run, so running `npm ci` twice gives the same result. Nothing here is committed.
"use strict";

const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const modules = path.join(root, "node_modules");
const target = path.join(__dirname, "_offline");

function copyFile(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

function copyTree(from, to) {
  fs.cpSync(from, to, { recursive: true });
}

fs.rmSync(target, { recursive: true, force: true });
fs.mkdirSync(target, { recursive: true });

// MathJax 3: the combined TeX-to-CommonHTML component, the fonts it draws with,
// the TeX extensions it autoloads (\boldsymbol, \cancel, ...) and the parts the
// right-click menu loads on demand (accessibility, speech).
const mathjax = path.join(modules, "mathjax", "es5");
copyFile(path.join(mathjax, "tex-chtml.js"), path.join(target, "mathjax", "tex-chtml.js"));
for (const part of ["input/tex/extensions", "output/chtml/fonts/woff-v2", "ui", "a11y", "sre"]) {
  copyTree(path.join(mathjax, part), path.join(target, "mathjax", part));
}

// RequireJS: the widget manager is an AMD bundle.
copyFile(
  path.join(modules, "requirejs", "require.js"),
  path.join(target, "requirejs", "require.js"),
);

// The widgets HTML manager: the self-contained AMD bundle plus the font files its
// stylesheets refer to by their hashed names.
const manager = path.join(modules, "@jupyter-widgets", "html-manager", "dist");
const bundle = path.join(manager, "embed-amd.js");
copyFile(bundle, path.join(target, "html-manager", "embed-amd.js"));
const text = fs.readFileSync(bundle, "utf8");
const fonts = new Set(text.match(/[0-9a-f]{20}\.(?:woff2|woff|ttf|eot|svg)/g) || []);
for (const font of fonts) {
  copyFile(path.join(manager, font), path.join(target, "html-manager", font));
}

// anywidget: the front end of the explorers' lookup widget (lib/widgets/core.py). The pip
// package's nbextension/index.js is the same file; package.json pins the same version as
// requirements.txt. RequireJS finds it through the path that widgets_setup.js maps.
copyFile(
  path.join(modules, "anywidget", "dist", "index.js"),
  path.join(target, "anywidget", "index.js"),
);

console.log(
  `book/_offline: MathJax, RequireJS, the widgets manager (+${fonts.size} font files), anywidget`,
);
