import backend from '../../flask-shows/adapter.mjs';
import { defineConformanceSuite } from '../define-suite.mjs';

defineConformanceSuite(backend);
