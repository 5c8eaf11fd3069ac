/**
 * The welcome text with the visitor's name: the text's own greeting (matched by `own`, e.g. "Hi!",
 * "Hello,") gives way to the one with the name, never both.
 */
export function greeting(own: RegExp, hi: (name: string) => string) {
  return (name: string, welcome: string) => {
    const rest = welcome.replace(own, '');
    return `${hi(name)} ${rest.charAt(0).toUpperCase()}${rest.slice(1)}`.trim();
  };
}
