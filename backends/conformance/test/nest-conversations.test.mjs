import backend from '../../nest-conversations/adapter.mjs';
import { defineConformanceSuite } from '../define-suite.mjs';

defineConformanceSuite(backend);
