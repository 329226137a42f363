/**
 * The catalogue of bad pipelines (test/bad-pipelines/): each file's first line says which error(s)
 * validation must report and where (`# expect: CODE LINE:COL`).
 */
import { join } from 'node:path';
import { validationCatalogue } from './validation-catalogue.js';

validationCatalogue('bad pipelines catalogue', join(import.meta.dirname, 'bad-pipelines'), 15);
