/** The TensorFlow.js namespace type. Types only: importing this file never loads TensorFlow. */
export type Tf = typeof import('@tensorflow/tfjs');

export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
