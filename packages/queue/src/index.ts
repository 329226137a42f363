export * from './connection.js';
export * from './protocol.js';
export * from './queue.runner.js';
export * from './queue-worker.js';
