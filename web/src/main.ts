import { createApp } from 'vue'
import { config as zodConfig } from 'zod'
import App from './App.vue'

// The page's CSP allows no eval: zod would first try `Function('')` (a CSP violation) and then do without; say so at once.
zodConfig({ jitless: true })

createApp(App).mount('#app')
