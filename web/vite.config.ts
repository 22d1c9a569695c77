import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// `pnpm dev` proxies the API of a running server (npm start) on :8080.
export default defineConfig({
  plugins: [vue()],
  server: { proxy: { '/api': 'http://localhost:8080' } },
  build: { chunkSizeWarningLimit: 3000 },
})
