// Worker-thread entry: worker threads do not inherit the main thread's TypeScript loader,
// so this plain module registers tsx before loading the worker's code.
import { register } from 'tsx/esm/api';

register();
await import('./fold-worker.ts');
