// Builds the player's app into dist/, which the server serves on its own port.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev -w @codeduel/web` proxies the API to a server started with `npm start`.
const api = process.env.CODEDUEL_API ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  build: {
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      "/trpc": api,
      "/ws": { target: api.replace(/^http/, "ws"), ws: true },
    },
  },
});
