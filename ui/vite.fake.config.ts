// Bundles the browser tests' fake backend (tests/browser/fake-backend.ts) into one IIFE that
// Playwright injects before the shipped UI boots. Not part of the app build.
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

export default defineConfig({
  clearScreen: false,
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("./tests/browser/.build", import.meta.url)),
    emptyOutDir: true,
    target: "es2021",
    minify: false,
    lib: {
      entry: fileURLToPath(new URL("./tests/browser/fake-backend.ts", import.meta.url)),
      formats: ["iife"],
      name: "TowerdeskFakeBackend",
      fileName: () => "fake-backend.js",
    },
  },
});
