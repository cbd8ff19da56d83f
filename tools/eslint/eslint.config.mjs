// The platform's eslint configuration for a candidate's JavaScript and TypeScript (the candidate's own
// configuration is never read): the security plugin, evaluation of data, and a few rules that only find real
// defects. Inline `eslint-disable` comments are ignored, so a candidate cannot switch a rule off.
import security from "eslint-plugin-security";
import tsParser from "@typescript-eslint/parser";

export default [
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs", "**/*.ts"],
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: "off" },
    languageOptions: { ecmaVersion: "latest", sourceType: "module", parser: tsParser },
    plugins: { security },
    rules: {
      ...security.configs.recommended.rules,
      // Flags every obj[key]: in an API it is mostly a lookup by a validated name, so it would drown the rest.
      "security/detect-object-injection": "off",
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-const-assign": "error",
      "no-dupe-keys": "error",
      "no-dupe-class-members": "error",
      "no-self-assign": "error",
      "no-unsafe-finally": "error",
      "use-isnan": "error",
      "valid-typeof": "error",
    },
  },
];
