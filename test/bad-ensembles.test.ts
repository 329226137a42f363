/**
 * The catalogue of bad list inputs and ensembles (test/bad-ensembles/), read like bad-pipelines/:
 * each file's first line says which error(s) validation must report and where. A list item's
 * error is located at the item.
 */
import { join } from 'node:path';
import { validationCatalogue } from './validation-catalogue.js';

validationCatalogue('bad ensembles catalogue', join(import.meta.dirname, 'bad-ensembles'), 10);
