/** Entry point at the conventional path; the implementation lives in ./stats/. */
export * from './stats/index.js';
