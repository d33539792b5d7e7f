#!/usr/bin/env node
// Committed shim so npm links the bin on `npm ci` before `prepare` compiles dist/.
import '../dist/bin.js';
