// Build the front-end assets into static/build/ (run by `npm run build:css`).
//
//   static/src/cspr.scss                         -> static/build/cspr.css (compressed)
//   govuk-frontend/dist/govuk/govuk-frontend.min.js (+ .map) -> static/build/
//   govuk-frontend/dist/govuk/assets/images/     -> static/build/assets/images/
//
// The fonts are deliberately not copied: CSPR does not use GDS Transport (see cspr.scss).
// axe-core is not copied either: the accessibility tests inject it from node_modules.
import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const build = join(root, "static", "build");

// Start from empty so a file removed upstream does not linger (collectstatic would ship it).
rmSync(build, { recursive: true, force: true });
mkdirSync(build, { recursive: true });

const css = sass.compile(join(root, "static", "src", "cspr.scss"), {
  style: "compressed",
  // Resolves `@use "pkg:govuk-frontend"` through the package's "sass" export.
  importers: [new sass.NodePackageImporter(root)],
  // GOV.UK Frontend's own deprecation notices are not ours to fix; our code still gets warnings.
  quietDeps: true,
});
if (css.css.includes("GDS Transport")) {
  throw new Error("cspr.css mentions GDS Transport: CSPR must not use the GOV.UK typeface");
}
writeFileSync(join(build, "cspr.css"), css.css + "\n");

// The source map travels with the script: its sourceMappingURL comment makes Django's
// ManifestStaticFilesStorage (production collectstatic) look for it, and fail if it is missing.
for (const name of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
  copyFileSync(join(govuk, name), join(build, name));
}
cpSync(join(govuk, "assets", "images"), join(build, "assets", "images"), { recursive: true });

console.log(`Built ${build}: cspr.css (${css.css.length} bytes), govuk-frontend.min.js, assets/images/`);
