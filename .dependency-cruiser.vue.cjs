/**
 * The same rules as .dependency-cruiser.cjs for the dashboard's .vue files: swc cannot read a
 * single-file component, so these go through @vue/compiler-sfc and acorn (loose) instead, and only
 * the .vue files themselves are read here (their .ts imports are checked by the main config).
 */
const base = require('./.dependency-cruiser.cjs');

module.exports = {
  ...base,
  options: {
    ...base.options,
    parser: 'acorn',
    doNotFollow: { path: ['node_modules', '[.]ts$'] },
  },
};
