/** Entry point at the conventional path; the implementation lives in ./agreement/. */
export * from './agreement/index.js';
