/** The client's door to the one backoff, which lives in sync/ because the server uses it too. */
export * from '../../sync/backoff.ts';
