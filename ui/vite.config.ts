/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Tauri serves this UI from the app bundle (WebKitGTK on Linux, WKWebView on macOS, WebView2 on
// Windows). Nothing may come from the network: the CSP forbids it, and the app must work offline.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  envPrefix: ["VITE_", "TAURI_"],
  server: {
    port: 1420,
    strictPort: true,
    // tauri.conf.json's devUrl is http://localhost:1420: keep Vite's default host to match it.
    watch: { ignored: ["**/src-tauri/**"] },
  },
  preview: { port: 1421, strictPort: true, host: "127.0.0.1" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: ["es2021", "safari15"],
    sourcemap: false,
    // Keep assets inline-free so a strict CSP (no data: scripts) holds.
    assetsInlineLimit: 0,
  },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
  },
});
