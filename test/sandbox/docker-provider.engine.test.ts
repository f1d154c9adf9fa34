import { sandboxConformance } from './conformance.js';
import { engineImage, noEngine, testProvider } from '../helpers/engine.js';

sandboxConformance('docker', testProvider, engineImage, noEngine);
