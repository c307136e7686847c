export { API_LIMITS, SearchApi } from './api.js';
export type { ApiAnswer } from './api.js';
export { HttpError } from './params.js';
export { isLoopback, SERVE_DEFAULTS, searchPage, serve } from './server.js';
export type { SearchServer, ServeOptions } from './server.js';
