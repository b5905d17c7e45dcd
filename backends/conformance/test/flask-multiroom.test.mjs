import backend from '../../flask-multiroom/adapter.mjs';
import { defineConformanceSuite } from '../define-suite.mjs';

defineConformanceSuite(backend);
