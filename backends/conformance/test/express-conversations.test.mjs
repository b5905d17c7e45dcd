import backend from '../../express-conversations/adapter.mjs';
import { defineConformanceSuite } from '../define-suite.mjs';

defineConformanceSuite(backend);
