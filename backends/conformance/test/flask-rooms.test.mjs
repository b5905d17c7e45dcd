import backend from '../../flask-rooms/adapter.mjs';
import { defineConformanceSuite } from '../define-suite.mjs';

defineConformanceSuite(backend);
