/**
 * The results database: runs, attempts, scores, findings and artifacts in one SQLite file.
 * See store.ts for the API, migrations.ts for the schema, merge.ts for combining shards.
 */
export { Store, StoreError } from './store.js';
export type { AttemptArtifacts, AttemptRows, FinishData, NewAttempt, StoreOpenOptions } from './store.js';
export { MIGRATIONS, SCHEMA_VERSION, StoreSchemaError, migrate, schemaVersion } from './migrations.js';
export type { Migration } from './migrations.js';
export { mergeStores } from './merge.js';
export type { MergeConflict, MergeReport } from './merge.js';
export { summarizeTrajectory } from './trajectory-summary.js';
export type { TrajectorySummary } from './trajectory-summary.js';
export type * from './types.js';
export { INTEGRITY_VERDICTS, RATING_VERDICTS, REVIEW_ITEMS, REVIEWER_FINDING_ID, ReviewStore, adjudications, latestVerdicts, reviewId } from './reviews.js';
export type { NewReview, QueueRow, ReviewItem, ReviewRecord, ReviewSource } from './reviews.js';
