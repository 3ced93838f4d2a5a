// ESLint for the browser side of the widgets (ES modules, plus the classic sandbox check).
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "site/", ".venv/", "docs/assets/generated/"] },
  js.configs.recommended,
  {
    files: ["widgets/assets/**/*.js", "overrides/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
    rules: {
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
      eqeqeq: ["error", "always"],
      "prefer-const": "error",
      "no-var": "error",
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
    },
  },
  {
    // Classic scripts: they must run before (or without) the module graph, e.g. in opaque origins,
    // or on pages that embed the course, whatever those allow.
    files: ["overrides/assets/javascripts/*.js", "widgets/assets/sandbox-check.js", "widgets/assets/embed.js"],
    languageOptions: { sourceType: "script" },
  },
  {
    // A dedicated or a shared worker (python.js prefers the shared kind).
    files: ["widgets/assets/python-worker.js", "widgets/assets/python-snapshot.js"],
    languageOptions: { globals: { ...globals.worker, ...globals.sharedWorker } },
  },
  {
    // The service worker's template (sw.js at the site root): a classic script, for every engine.
    files: ["widgets/assets/service-worker.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.serviceworker } },
  },
  {
    files: ["tests/**/*.mjs", "benchmarks/**/*.mjs", "widgets/build/**/*.mjs", "eslint.config.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
