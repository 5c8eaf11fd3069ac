// vue-tsc on TypeScript 6: the project compiles with TypeScript 7 (the native port), which has no
// JavaScript compiler API for vue-tsc to hook into; TypeScript 6 checks the same language.
require('vue-tsc').run(require.resolve('typescript6/lib/tsc'));
