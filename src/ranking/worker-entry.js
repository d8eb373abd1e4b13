// Worker threads start without the main thread's loaders: register tsx here, then run the
// TypeScript worker (Winnow runs from its sources; there is no build step).
import { register } from 'tsx/esm/api'

register()
await import('./worker.ts')
