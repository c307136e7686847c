// A worker thread for the throughput figure. Worker threads do not inherit the TypeScript
// loader, so this registers it and runs the TypeScript side (qps-thread.ts).
import { register } from 'tsx/esm/api';

register();
await import('./qps-thread.ts');
